// The persistence testing door, @trading-monitor/persistence/testing: the embedded PostgreSQL pieces
// the test harness (tools/test-harness) and the bench start their throwaway server with, so they
// share one way of running PostgreSQL with the production embedded database. Production code may
// not import it (lint: tools/eslint/layering.cjs).
export { freePort } from '../embedded/free-port';
export { initialiseCluster, startServer, type PostgresServer, type ServerOptions } from '../embedded/postgres-server';
export { isAlive } from '../embedded/process-alive';
