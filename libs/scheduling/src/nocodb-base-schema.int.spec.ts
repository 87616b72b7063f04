import { loadConfig } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { createNocoDbDecisionTable, createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { setupConfiguredDatabase } from './database-setup';
import { checkHealth } from './health/check-health';
import { startScheduler } from './scheduler';
import { openSchedulerRuntime } from './testing/scheduler-runtime';

// NocoDB's usual install: the decisions table in the base's own schema, nothing of the product's in
// `public`. Every pool the product opens must find its tables there with only DATABASE_URL set —
// the job store opened its own pool on the bare URL and the scheduler exited on
// `relation "agenda_jobs" does not exist`.
const BASE = 'pikc59af2dvin1y';
const clock = new ManualClock(new Date('2025-01-14T15:00:00Z'));
let db: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'tm-nocodb-base-'));

beforeAll(async () => {
  db = await createTestDatabase();
  await createNocoDbDecisionTable(db.url, { variant: 'base-schema', baseId: BASE });
});
afterAll(async () => {
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("NocoDB's per-base schema, only DATABASE_URL set", () => {
  const config = () => loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { envFile: false });

  it('health finds the job table in the base schema after db:setup --production', async () => {
    await setupConfiguredDatabase(config(), { production: true });
    const report = await checkHealth(config(), { clock });
    expect(report.checks.find((c) => c.component === 'job store')).toEqual({
      component: 'job store',
      ok: true,
      detail: 'table agenda_jobs in the trading database answers; 0 jobs due',
    });
    expect(report.decisionTable).toBe(`${BASE}.analysis_decision`);
    expect(report.healthy).toBe(true);
  });

  it('the scheduler starts and registers its runs in the base schema, none in public', async () => {
    const scheduler = await startScheduler(await openSchedulerRuntime(config(), 'nocodb base test'));
    try {
      expect(scheduler.store).toBe('postgres');
      const sql = new Client({ connectionString: db.url });
      await sql.connect();
      try {
        const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "${BASE}".agenda_jobs`);
        expect(rows[0].n).toBeGreaterThan(0);
        const inPublic = await sql.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'agenda_jobs'`);
        expect(inPublic.rowCount).toBe(0);
      } finally {
        await sql.end();
      }
    } finally {
      await scheduler.stop();
    }
  });
});
