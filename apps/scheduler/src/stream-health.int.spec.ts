import { loadConfig } from '@trading-monitor/config';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { setupConfiguredDatabase } from '@trading-monitor/scheduling';
import { startLoopbackAlpaca } from '@trading-monitor/workflows/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startSchedulerProcess } from './testing/scheduler-process';

// The scheduler with BROKER=alpaca on the loopback Alpaca server: its /health and /metrics show the
// trade_updates stream it listens to, connected, then reconnecting when the stream is cut.

let db: TestDatabase;
let folder: string;
let server: Awaited<ReturnType<typeof startLoopbackAlpaca>>;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  folder = mkdtempSync(join(tmpdir(), 'scheduler-stream-'));
  await setupConfiguredDatabase(loadConfig({ DATABASE_URL: db.url, DATA_DIR: folder }, { envFile: false }), { production: false });
  server = await startLoopbackAlpaca();
  ({ child, url } = await startSchedulerProcess(db.url, folder, {
    BROKER: 'alpaca',
    ALPACA_API_KEY: server.keyId,
    ALPACA_SECRET_KEY: server.secretKey,
    ALPACA_PAPER: 'true',
    ALPACA_TRADING_URL: server.url,
    ALPACA_DATA_URL: server.url,
  }));
}, 40_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await server.close();
  await db.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function health(): Promise<{ status: number; body: { healthy: boolean; orderEvents: Record<string, unknown> } }> {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as never };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('/health says connected since when; /metrics has the connected gauge at 1', async () => {
  const { status, body } = await until(health, (h) => h.body.orderEvents['state'] === 'connected', 'connected');
  expect(status).toBe(200);
  expect(body.orderEvents).toMatchObject({
    degraded: false,
    connects: 1,
    since: expect.any(String),
    detail: expect.stringMatching(/^connected since \S+, no event yet: fills are acted on within seconds$/),
  });
  expect(await (await fetch(`${url}/metrics`)).text()).toContain('trading_monitor_order_events_connected 1');
}, 30_000);

it('a cut stream: /health stays 200 (polling runs) but says reconnecting since when and why, degraded; the gauge drops to 0', async () => {
  server.stream.refuse(true);
  server.stream.dropClients();
  const { status, body } = await until(health, (h) => h.body.orderEvents['state'] !== 'connected', 'down');
  expect(status).toBe(200);
  expect(body.healthy).toBe(true);
  expect(body.orderEvents).toMatchObject({
    degraded: true,
    detail: expect.stringMatching(/^reconnecting since \S+ .*fills wait for the 5-minute monitor-orders run/),
  });
  expect(await (await fetch(`${url}/metrics`)).text()).toContain('trading_monitor_order_events_connected 0');
  server.stream.refuse(false);
  await until(health, (h) => h.body.orderEvents['state'] === 'connected' && h.body.orderEvents['connects'] === 2, 'reconnected');
}, 60_000);
