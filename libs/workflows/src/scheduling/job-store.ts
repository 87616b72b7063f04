import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend, getCreateIndexesSQL, getCreateTableSQL } from '@agendajs/postgres-backend';
import type { Config } from '@trading-monitor/config';
import type { AgendaBackend } from 'agenda';

/** Agenda's job table when the jobs live in the trading database. */
export const JOB_TABLE = 'agenda_jobs';

/**
 * The job table and its indexes, for `db:setup`. Created there, once, rather than by each
 * scheduler at start: two schedulers starting at once on an empty database race to create it.
 */
export function jobStoreSetupStatements(): string[] {
  return [getCreateTableSQL(JOB_TABLE), ...getCreateIndexesSQL(JOB_TABLE)];
}

export interface JobStore {
  kind: 'mongodb' | 'postgres';
  backend: AgendaBackend;
}

/**
 * Where Agenda keeps its jobs and locks: MongoDB when MONGODB_URL is set (production as designed),
 * otherwise the trading database itself. The table must exist (see `jobStoreSetupStatements`).
 */
export function createJobStore(config: Config, databaseUrl: string): JobStore {
  if (config.mongodbUrl) return { kind: 'mongodb', backend: new MongoBackend({ address: config.mongodbUrl }) };
  return { kind: 'postgres', backend: new PostgresBackend({ connectionString: databaseUrl, tableName: JOB_TABLE, ensureSchema: false }) };
}
