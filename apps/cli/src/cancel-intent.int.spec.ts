import { newTradeDecision } from '@trading-monitor/workflows/testing';
import { useLoopbackWorld } from './testing/loopback-world';

// Issue 14 items 2 and 3 through the operator's commands and the real Alpaca adapter, against the
// loopback Alpaca server whose cancels are asynchronous as Alpaca's are (pending_cancel first).
const world = useLoopbackWorld('tm-cli-cancel-');

beforeAll(async () => {
  expect((await cli('db:setup')).code).toBe(0);
});

const cli = (...args: string[]) => world.cli(...args);

async function approve(id: string, ticker: string, decision: unknown, tradeJournalId?: number): Promise<void> {
  await world.sql.query(
    `INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve", "Date_time", existing_trade_journal_id) VALUES ($1, $2, $3, true, now(), $4)`,
    [id, ticker, JSON.stringify(decision), tradeJournalId ?? null],
  );
}

async function tradeIdOf(symbol: string): Promise<number> {
  const { rows } = await world.sql.query(`SELECT id FROM trade_journal WHERE symbol = $1 ORDER BY id DESC LIMIT 1`, [symbol]);
  return rows[0].id as number;
}

it('AMEND whose cancel is still pending: execute says so, monitor-orders places the new entry once the broker confirms', async () => {
  await approve('AM-1', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
  world.market.setPrice('MSFT', '410.00');
  expect((await cli('execute')).code).toBe(0);
  const old = await tradeIdOf('MSFT');
  await approve(
    'AM-1-amend',
    'MSFT',
    newTradeDecision('MSFT', { qty: 30, limit_price: 395.5, stop_loss: { stop_price: 385 }, take_profit: { limit_price: 430 } }, 'AMEND'),
    old,
  );

  world.market.holdCancels();
  const waiting = await cli('execute');
  expect(waiting.code).toBe(0);
  expect(waiting.stdout).toMatch(/deferred\s+MSFT\s+AM-1-amend\s+MSFT: old entry's cancel sent, not yet confirmed by the broker \(pending_cancel\)/);

  world.market.holdCancels(false);
  world.market.confirmCancels();
  const done = await cli('monitor-orders');
  expect(done.stdout).toContain('Decision AM-1-amend (left by an earlier run), amended: MSFT: old entry');
  expect(done.code).toBe(0);
  const { rows } = await world.sql.query(`SELECT status, exit_reason, planned_qty FROM trade_journal WHERE symbol = 'MSFT' ORDER BY id`);
  expect(rows).toEqual([
    { status: 'CANCELLED', exit_reason: 'AMENDED', planned_qty: 45 },
    { status: 'ORDERED', exit_reason: null, planned_qty: 30 },
  ]);
  expect((await world.market.listOrders({ status: 'open' })).map((o) => [o.symbol, o.qty, o.limitPrice?.toString()])).toEqual([['MSFT', 30, '395.50']]);
  expect(world.server.errors).toEqual([]);
});

it('CANCEL of a partly filled entry: the rest is cancelled, the 20 held stay protected, the trade goes on', async () => {
  await approve('PF-1', 'NVDA', newTradeDecision('NVDA'));
  world.market.setPrice('NVDA', '135.00');
  expect((await cli('execute')).code).toBe(0);
  const [entry] = (await world.market.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA');
  world.market.fill(entry.id, 20, '133.80');
  expect((await cli('monitor-orders')).code).toBe(0);

  await approve('PF-1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, await tradeIdOf('NVDA'));
  const run = await cli('execute');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /cancelled\s+NVDA\s+PF-1-cancel\s+NVDA: the unfilled rest of the entry is cancelled, but 20 shares had filled before the cancel took/,
  );
  expect(await world.market.getOrder(entry.id)).toMatchObject({ status: 'canceled', filledQty: 20 });
  const nvda = (await world.market.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA');
  expect(nvda.map((o) => [o.side, o.qty])).toEqual([
    ['sell', 20],
    ['sell', 20],
  ]);
  const { rows } = await world.sql.query(`SELECT status, actual_qty FROM trade_journal WHERE symbol = 'NVDA'`);
  expect(rows).toEqual([{ status: 'POSITION', actual_qty: 20 }]);
  expect(world.server.errors).toEqual([]);
});
