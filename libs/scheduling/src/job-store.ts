import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { Config, Logger } from '@trading-monitor/config';
import type { PgConnection } from '@trading-monitor/persistence';
import type { AgendaBackend } from 'agenda';
import { Pool } from 'pg';
import { JOB_TABLE } from './job-table-sql';

export interface JobStore {
  kind: 'mongodb' | 'postgres';
  backend: AgendaBackend;
  /**
   * Connects, once: Agenda's own connect goes through the same promise. Call it before handing the
   * backend to Agenda, which does not catch a failed connect (it would surface as an unhandled rejection).
   */
  connect(): Promise<void>;
  /** Closes every connection of the store. */
  close(): Promise<void>;
}

export interface JobStoreOptions {
  /** Where a dropped idle connection is reported (the pool reconnects on next use). */
  log?: Logger;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * Where Agenda keeps its jobs and locks: MongoDB when MONGODB_URL is set (production as designed),
 * otherwise the trading database itself, in the decisions table's schema (where `db:setup` created the
 * table: `jobTableStatements`) — NocoDB's usual install puts it in the base's schema, not `public`.
 */
export function createJobStore(config: Config, database: PgConnection, options: JobStoreOptions = {}): JobStore {
  if (config.mongodbUrl) {
    const backend = new MongoBackend({ address: config.mongodbUrl });
    return connectingOnce('mongodb', backend, () => backend.disconnect());
  }
  // Our own pool, so that a connection the server drops (restart, failover) is logged: pg reports it
  // as an 'error' event, which ends the process when nothing listens.
  const pool = new Pool({ ...database, application_name: options.applicationName, max: 3 });
  pool.on('error', (error) =>
    options.log?.warn(
      { event: 'job-store.connection-lost', reason: error.message },
      'A job-store connection to PostgreSQL was lost; it reconnects on next use.',
    ),
  );
  // Polling is enough for cron runs: Agenda locks a run due before its next poll and times it to the
  // millisecond. LISTEN/NOTIFY would add a long-lived connection with a reconnect loop of its own.
  const backend = new PostgresBackend({ pool, tableName: JOB_TABLE, ensureSchema: false, disableNotifications: true });
  return connectingOnce('postgres', backend, async () => {
    await backend.disconnect(); // leaves a pool it was given open
    await pool.end();
  });
}

/** The backend as Agenda sees it: one shared connect, and no disconnect of its own (the store closes). */
function connectingOnce(kind: JobStore['kind'], inner: AgendaBackend, close: () => Promise<void>): JobStore {
  let connected: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  const connect = () => (connected ??= inner.connect());
  const backend: AgendaBackend = {
    get name() {
      return inner.name;
    },
    get repository() {
      return inner.repository;
    },
    get notificationChannel() {
      return inner.notificationChannel;
    },
    get logger() {
      return inner.logger;
    },
    // Agenda stops without closing it; `close()` does, once the last running job has saved its state.
    ownsConnection: false,
    connect,
    disconnect: async () => undefined,
  };
  return { kind, backend, connect, close: () => (closed ??= close()) };
}
