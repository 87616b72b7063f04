import { loadConfig, silentLogger } from '@trading-monitor/config';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openRuntime, type Runtime } from '@trading-monitor/workflows';
import { setupConfiguredDatabase } from '../database-setup';

export interface SchedulerTestDatabase {
  db: TestDatabase;
  /** A runtime as the scheduler app opens one: this database, the simulated broker in a temporary folder. */
  openRuntime(): Promise<Runtime>;
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
    openRuntime: () => openRuntime(config, { log: silentLogger(), applicationName: 'scheduler test' }),
    query: async (sql, params) => (await client.query(sql, params)).rows,
    async close() {
      await client.end();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
