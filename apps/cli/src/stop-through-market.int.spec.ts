// The app's layer may not use the broker lib; this test must: it drives the market behind the
// loopback Alpaca server (the broker lib's test kit) that the CLI's real adapter talks to over HTTP.
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
import { jsonOf, runCliForTest } from './testing/run-cli';

// Issue 14 item 1 through the operator's commands and the real Alpaca adapter: the loopback Alpaca
// server refuses the OCO with Alpaca's 422 (the market gapped through the stop); `monitor-orders`
// sells the shares at the market in the same run, prints the close and the alarm, and exits 1.
let db: TestDatabase;
let sql: Client;
let dataDir: string;
let server: AlpacaTestServer;
let market: SimulatedBroker;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-gap-'));
  // Wednesday 15 January 2025, 10:00 New York: the market is open.
  market = new SimulatedBroker({ clock: new ManualClock(new Date('2025-01-15T15:00:00Z')), cash: '1000000' });
  server = await startAlpacaTestServer({ market });
  env = {
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
  sql = new Client({ connectionString: db.url });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await server.close();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCliForTest(args, env);

it('monitor-orders exits the position whose stop the market is already through, and says so', async () => {
  expect((await cli('db:setup')).code).toBe(0);
  const decision = {
    symbol: 'NVDA',
    primary_action: 'NEW_TRADE',
    new_trade: {
      strategy: 'SWING',
      qty: 45,
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: 133.8,
      stop_loss: { stop_price: 124 },
      take_profit: { limit_price: 145.5 },
    },
  };
  await sql.query(`INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve", "Date_time") VALUES ('GAP-1', 'NVDA', $1, true, now())`, [
    JSON.stringify(decision),
  ]);
  market.setPrice('NVDA', '135.00');
  expect((await cli('execute')).code).toBe(0);
  const [entry] = await market.listOrders({ status: 'open' });
  market.fill(entry.id, 45, '133.80');
  market.setPrice('NVDA', '121.50'); // the fall between two runs

  const run = await cli('monitor-orders');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/Closed:\n\s*SYMBOL\s+TRADE\s+REASON\s+EXIT\s+P&L\n\s*NVDA\s+\S+\s+STOPPED_OUT\s+121\.50\s+-553\.50/);
  expect(run.stdout).toMatch(
    /ALARM: NVDA: the market is already through the stop 124\.00 \(the broker refused the protective order: stop price must be less than base_price - 0\.01\)\. Sold the 45 unprotected shares at the market instead \(order tm-exit-1-\S+\); the trade closes as STOPPED_OUT at the fill price\.\n/,
  );
  expect(await market.listPositions()).toEqual([]);
  const { rows } = await sql.query(`SELECT status, exit_reason, actual_pnl FROM trade_journal WHERE symbol = 'NVDA'`);
  expect(rows).toEqual([{ status: 'CLOSED', exit_reason: 'STOPPED_OUT', actual_pnl: '-553.50' }]);

  // The next run finds nothing to do and exits 0.
  expect(jsonOf(await cli('monitor-orders', '--json'))).toMatchObject({ exitCode: 0, result: { alarms: [], closed: [] } });
  expect(server.errors).toEqual([]);
});
