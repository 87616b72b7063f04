import { createBroker } from '@trading-monitor/broker';
import { loadConfig, silentLogger, type Config } from '@trading-monitor/config';
import { openDatabase, type Database } from '@trading-monitor/persistence';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { setupConfiguredDatabase } from '../database-setup';
import type { SchedulerRuntime } from '../scheduler';

/** What a test scheduler runs on, with the whole database (a spec checks it closed). */
export type TestSchedulerRuntime = SchedulerRuntime & { database: Database };

export interface SchedulerTestDatabase {
  db: TestDatabase;
  /** A runtime as the scheduler app opens one: this database, the simulated broker in a temporary folder. */
  openRuntime(): Promise<TestSchedulerRuntime>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A fresh test database set up as `db:setup` does (the job table included). */
export async function createSchedulerTestDatabase(): Promise<SchedulerTestDatabase> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'scheduler-test-'));
  const config = loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { envFile: false });
  await setupConfiguredDatabase(config, { production: false });
  const client = new Client({ connectionString: db.url });
  await client.connect();
  return {
    db,
    openRuntime: () => openSchedulerRuntime(config, 'scheduler test'),
    query: async (sql, params) => (await client.query(sql, params)).rows,
    async close() {
      await client.end();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The configured database (set up already) and broker, silent, on the system clock. Composed here
 * rather than by @trading-monitor/runtime's openRuntime: the runtime depends on scheduling (the job
 * table, SchedulerRuntime), so scheduling's specs may not depend on the runtime — that would be a cycle.
 */
export async function openSchedulerRuntime(config: Config, applicationName: string): Promise<TestSchedulerRuntime> {
  const clock = { now: () => new Date() };
  const database = await openDatabase(config.database, { applicationName });
  const broker = createBroker(config.broker, { clock });
  const close = async () => {
    await broker.persist();
    await database.close();
  };
  return { config, database, dataSource: database.dataSource, broker, clock, log: silentLogger(), flush: () => broker.persist(), close };
}
