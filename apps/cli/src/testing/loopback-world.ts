// The app's layer may not use the broker lib; the CLI specs that take this world must: they drive the
// market behind the loopback Alpaca server (the broker lib's test kit) that the CLI's real adapter
// talks to over HTTP.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { SimulatedBroker } from '@trading-monitor/broker';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startAlpacaTestServer, type AlpacaTestServer } from '@trading-monitor/broker/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ManualClock } from '@trading-monitor/domain';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCliForTest, type CliResult } from './run-cli';

/** A test database, a simulated market behind the loopback Alpaca server, and the CLI configured for both. */
export interface LoopbackWorld {
  db: TestDatabase;
  /** A plain connection to the test database, for reading what the commands wrote. */
  sql: Client;
  server: AlpacaTestServer;
  market: SimulatedBroker;
  /** Runs one CLI command with BROKER=alpaca against the loopback server. */
  cli(...args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

/** Opens the world on Wednesday 15 January 2025, 10:00 New York (the market is open). */
export async function openLoopbackWorld(dataDirPrefix: string): Promise<LoopbackWorld> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
  const market = new SimulatedBroker({ clock: new ManualClock(new Date('2025-01-15T15:00:00Z')), cash: '1000000' });
  const server = await startAlpacaTestServer({ market });
  const env = {
    DATABASE_URL: db.url,
    BROKER: 'alpaca',
    DATA_DIR: dataDir,
    ALPACA_API_KEY: server.keyId,
    ALPACA_SECRET_KEY: server.secretKey,
    ALPACA_PAPER: 'true',
    ALPACA_TRADING_URL: server.url,
    ALPACA_DATA_URL: server.url,
    LOG_LEVEL: 'fatal',
  };
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  return {
    db,
    sql,
    server,
    market,
    cli: (...args) => runCliForTest(args, env),
    close: async () => {
      await sql.end();
      await server.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The world for one spec file: opened before its first test, closed after its last; its fields are there from the first hook on. */
export function useLoopbackWorld(dataDirPrefix: string): LoopbackWorld {
  const world = {} as LoopbackWorld;
  beforeAll(async () => {
    Object.assign(world, await openLoopbackWorld(dataDirPrefix));
  });
  afterAll(() => world.close());
  return world;
}
