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
import { runCliForTest } from './testing/run-cli';

// Issue 14 items 2 and 3 through the operator's commands and the real Alpaca adapter, against the
// loopback Alpaca server whose cancels are asynchronous as Alpaca's are (pending_cancel first).
let db: TestDatabase;
let sql: Client;
let dataDir: string;
let server: AlpacaTestServer;
let market: SimulatedBroker;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-cancel-'));
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
  expect((await cli('db:setup')).code).toBe(0);
});
afterAll(async () => {
  await sql.end();
  await server.close();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCliForTest(args, env);

const trade = (symbol: string, action: string, fields: Record<string, unknown> = {}) => ({
  symbol,
  primary_action: action,
  new_trade: {
    strategy: 'SWING',
    qty: 45,
    side: 'buy',
    type: 'limit',
    time_in_force: 'day',
    limit_price: 133.8,
    stop_loss: { stop_price: 124 },
    take_profit: { limit_price: 145.5 },
    ...fields,
  },
});

async function approve(id: string, ticker: string, decision: unknown, tradeJournalId?: number): Promise<void> {
  await sql.query(
    `INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve", "Date_time", existing_trade_journal_id) VALUES ($1, $2, $3, true, now(), $4)`,
    [id, ticker, JSON.stringify(decision), tradeJournalId ?? null],
  );
}

async function tradeIdOf(symbol: string): Promise<number> {
  const { rows } = await sql.query(`SELECT id FROM trade_journal WHERE symbol = $1 ORDER BY id DESC LIMIT 1`, [symbol]);
  return rows[0].id as number;
}

it('AMEND whose cancel is still pending: execute says so, monitor-orders places the new entry once the broker confirms', async () => {
  await approve('AM-1', 'MSFT', trade('MSFT', 'NEW_TRADE', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
  market.setPrice('MSFT', '410.00');
  expect((await cli('execute')).code).toBe(0);
  const old = await tradeIdOf('MSFT');
  await approve(
    'AM-1-amend',
    'MSFT',
    trade('MSFT', 'AMEND', { qty: 30, limit_price: 395.5, stop_loss: { stop_price: 385 }, take_profit: { limit_price: 430 } }),
    old,
  );

  market.holdCancels();
  const waiting = await cli('execute');
  expect(waiting.code).toBe(0);
  expect(waiting.stdout).toMatch(/deferred\s+MSFT\s+AM-1-amend\s+MSFT: old entry's cancel sent, not yet confirmed by the broker \(pending_cancel\)/);

  market.holdCancels(false);
  market.confirmCancels();
  const done = await cli('monitor-orders');
  expect(done.stdout).toContain('Decision AM-1-amend (left by an earlier run), amended: MSFT: old entry');
  expect(done.code).toBe(0);
  const { rows } = await sql.query(`SELECT status, exit_reason, planned_qty FROM trade_journal WHERE symbol = 'MSFT' ORDER BY id`);
  expect(rows).toEqual([
    { status: 'CANCELLED', exit_reason: 'AMENDED', planned_qty: 45 },
    { status: 'ORDERED', exit_reason: null, planned_qty: 30 },
  ]);
  expect((await market.listOrders({ status: 'open' })).map((o) => [o.symbol, o.qty, o.limitPrice?.toString()])).toEqual([['MSFT', 30, '395.50']]);
  expect(server.errors).toEqual([]);
});

it('CANCEL of a partly filled entry: the rest is cancelled, the 20 held stay protected, the trade goes on', async () => {
  await approve('PF-1', 'NVDA', trade('NVDA', 'NEW_TRADE'));
  market.setPrice('NVDA', '135.00');
  expect((await cli('execute')).code).toBe(0);
  const [entry] = (await market.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA');
  market.fill(entry.id, 20, '133.80');
  expect((await cli('monitor-orders')).code).toBe(0);

  await approve('PF-1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, await tradeIdOf('NVDA'));
  const run = await cli('execute');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /cancelled\s+NVDA\s+PF-1-cancel\s+NVDA: the unfilled rest of the entry is cancelled, but 20 shares had filled before the cancel took/,
  );
  expect(await market.getOrder(entry.id)).toMatchObject({ status: 'canceled', filledQty: 20 });
  const nvda = (await market.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA');
  expect(nvda.map((o) => [o.side, o.qty])).toEqual([
    ['sell', 20],
    ['sell', 20],
  ]);
  const { rows } = await sql.query(`SELECT status, actual_qty FROM trade_journal WHERE symbol = 'NVDA'`);
  expect(rows).toEqual([{ status: 'POSITION', actual_qty: 20 }]);
  expect(server.errors).toEqual([]);
});
