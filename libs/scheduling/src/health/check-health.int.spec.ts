import { SimulatedBroker } from '@trading-monitor/broker';
import { loadConfig, type Config } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { openDatabase, recordAudit } from '@trading-monitor/persistence';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupConfiguredDatabase } from '../database-setup';
import { checkHealth } from './check-health';

let db: TestDatabase;
let config: Config;
const dataDir = mkdtempSync(join(tmpdir(), 'tm-health-'));
const configFor = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env }, { envFile: false });
// Tuesday 14 January 2025, 10:00 New York: the market is open.
const clock = new ManualClock(new Date('2025-01-14T15:00:00Z'));

beforeAll(async () => {
  db = await createTestDatabase();
  config = configFor({ DATABASE_URL: db.url });
});
afterAll(() => db.drop());

describe('checkHealth', () => {
  it('before db:setup: the database answers but is not set up, the job table is missing', async () => {
    const report = await checkHealth(config, { clock });
    expect(report).toEqual({
      healthy: false,
      degraded: false,
      checks: [
        {
          component: 'database',
          ok: false,
          detail: expect.stringMatching(
            /^PostgreSQL [\d.]+ at 127\.0\.0\.1:\d+\/tm_test_\w+ answers, but the trading tables are missing: run db:setup --production \(they go in schema public\); No analysis_decision table was found/,
          ),
        },
        { component: 'broker', ok: true, detail: 'simulated broker (offline) answers; market open until Tue 14 Jan 16:00 New York' },
        { component: 'job store', ok: false, detail: 'table agenda_jobs is missing from the trading database: run db:setup' },
      ],
      decisionTable: null,
    });
  });

  it('after db:setup: healthy, with what was found', async () => {
    await setupConfiguredDatabase(config, { production: false });
    const report = await checkHealth(config, { clock });
    expect(report.healthy).toBe(true);
    expect(report.checks.map((c) => [c.component, c.ok])).toEqual([
      ['database', true],
      ['broker', true],
      ['job store', true],
      ['scheduler', true],
      ['order events', true],
    ]);
    expect(report.checks[0].detail).toMatch(/, set up, decisions in public\.analysis_decision$/);
    expect(report.decisionTable).toBe('public.analysis_decision');
    expect(report.checks[2].detail).toBe('table agenda_jobs in the trading database answers; 0 jobs due');
    expect(report.checks[3].detail).toMatch(/^no scheduler has run against this job store yet/);
    expect(report.checks[4].detail).toMatch(/^no trade_updates stream running/);
    expect(report.degraded).toBe(false);
  });

  it('a trade_updates stream recorded down: healthy (polling still runs) but DEGRADED, with what the operator sees', async () => {
    const database = await openDatabase(config.database, { applicationName: 'health test' });
    await recordAudit(database.dataSource.manager, {
      job: 'trade-updates',
      action: 'stream.down',
      outcome: 'alarm',
      message: 'stream error: connect ECONNREFUSED',
    });
    await database.close();
    const report = await checkHealth(config, { clock });
    expect(report).toMatchObject({ healthy: true, degraded: true });
    expect(report.checks[4]).toEqual({
      component: 'order events',
      ok: true,
      degraded: true,
      detail: expect.stringMatching(
        /^DEGRADED: trade_updates stream down since .* \(stream error: connect ECONNREFUSED\); orders are checked by monitor-orders every 5 minutes until it is back$/,
      ),
    });
  });

  it('a broker that fails or does not answer is DOWN; the others are still checked', async () => {
    const failing = new SimulatedBroker({ clock });
    failing.failNext(1);
    const report = await checkHealth(config, { clock, broker: failing });
    expect(report.healthy).toBe(false);
    expect(report.checks[1]).toEqual({
      component: 'broker',
      ok: false,
      detail: expect.stringMatching(/^simulated broker \(offline\) does not answer: transient broker error/),
    });
    expect(report.checks[0].ok && report.checks[2].ok).toBe(true);

    const silent = Object.assign(new SimulatedBroker({ clock }), { getClock: () => new Promise<never>(() => undefined) });
    const timedOut = await checkHealth(config, { clock, broker: silent, timeoutMs: 50 });
    expect(timedOut.checks[1]).toEqual({
      component: 'broker',
      ok: false,
      detail: 'simulated broker (offline) does not answer: no answer from the broker within 50 ms',
    });
  });

  it('an unreachable database: DOWN without its password, and the job store in it not checked', async () => {
    const report = await checkHealth(configFor({ DATABASE_URL: 'postgres://nocodb:hunter2-secret@127.0.0.1:1/nocodb' }), { clock });
    expect(report.healthy).toBe(false);
    expect(report.checks[0]).toEqual({ component: 'database', ok: false, detail: expect.stringContaining('unreachable: ') });
    expect(report.checks[2]).toEqual({
      component: 'job store',
      ok: false,
      detail: 'table agenda_jobs in the trading database: not checked, the database is unreachable',
    });
    expect(JSON.stringify(report)).not.toContain('hunter2-secret');
  });

  it('a MongoDB job store that does not answer is DOWN within the time allowed', async () => {
    const report = await checkHealth(configFor({ DATABASE_URL: db.url, MONGODB_URL: 'mongodb://127.0.0.1:1/agenda?serverSelectionTimeoutMS=200' }), {
      clock,
      timeoutMs: 2000,
    });
    expect(report.checks[2]).toEqual({ component: 'job store', ok: false, detail: expect.stringMatching(/^unreachable: /) });
    expect(report.checks[0].ok).toBe(true);
  });
});
