import { loadConfig } from '@trading-monitor/config';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { setupConfiguredDatabase } from '@trading-monitor/scheduling';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startSchedulerProcess } from './testing/scheduler-process';
import { Client } from 'pg';

// The scheduler process as an operator's monitoring sees it: /health and /metrics on loopback.

let db: TestDatabase;
let sql: Client;
let folder: string;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  folder = mkdtempSync(join(tmpdir(), 'scheduler-telemetry-'));
  await setupConfiguredDatabase(loadConfig({ DATABASE_URL: db.url, DATA_DIR: folder }, { envFile: false }), { production: false });
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  ({ child, url } = await startSchedulerProcess(db.url, folder));
}, 40_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await sql.end();
  await db.drop();
  rmSync(folder, { recursive: true, force: true });
});

it('binds to loopback by default and answers /health with every component', async () => {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(`${url}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    healthy: true,
    checkedAt: expect.any(String),
    database: { ok: true, detail: 'answers' },
    broker: { ok: true, detail: expect.stringMatching(/^answers; market (open|closed)$/) },
    jobStore: { ok: true, detail: 'postgres: no job overdue' },
    lastRuns: {},
    unprotectedPositions: [],
    orderEvents: expect.objectContaining({ state: 'off', degraded: false, detail: expect.stringMatching(/^no trade_updates stream \(simulated broker\)/) }),
  });
});

it('serves Prometheus metrics: the book, and the broker requests the scheduler made', async () => {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  expect(text).toContain('trading_monitor_open_trades 0');
  expect(text).toContain('trading_monitor_unprotected_shares 0');
  expect(text).toMatch(/trading_monitor_broker_calls_total\{endpoint="getCalendar"\} \d+/); // the start banner's next runs
});

it('answers 503 while shares are held without a stop, naming the position', async () => {
  const [{ id }] = (
    await sql.query(
      `INSERT INTO trade_journal (trade_id, symbol, trade_style, status, planned_stop_loss, planned_qty, actual_qty)
     VALUES ('T-UNPROTECTED', 'NVDA', 'SWING', 'POSITION', 124, 45, 45) RETURNING id`,
    )
  ).rows;
  await sql.query(
    `INSERT INTO position_tracking (trade_journal_id, symbol, qty, avg_entry_price, current_price, market_value, cost_basis) VALUES ($1, 'NVDA', 45, 133.80, 133.80, 6021, 6021)`,
    [id],
  );
  const response = await fetch(`${url}/health`);
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ healthy: false, unprotectedPositions: [{ tradeId: 'T-UNPROTECTED', symbol: 'NVDA', shares: 45 }] });
  expect(await (await fetch(`${url}/metrics`)).text()).toContain('trading_monitor_unprotected_shares 45');
});

it('says what exists on an unknown path, and stops cleanly on SIGTERM', async () => {
  const response = await fetch(`${url}/nope`);
  expect(response.status).toBe(404);
  expect(await response.text()).toBe('Not found: try /health or /metrics\n');
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  await expect(fetch(`${url}/health`)).rejects.toThrow();
}, 30_000);
