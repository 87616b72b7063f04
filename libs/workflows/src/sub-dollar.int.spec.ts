import { ExecutionLog } from '@trading-monitor/persistence';
import { executeDecisions } from './execute-decisions/execute-decisions';
import { monitorOrders } from './monitor-orders/monitor-orders';
import { monitorPositions } from './monitor-positions/monitor-positions';
import { tradingStatus } from './status/trading-status';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from './testing/workflow-fixture';

// Prices under $1 trade in four decimals (docs/broker-rules.md#prices). The journal's DECIMAL(10,2) columns show them in
// cents to NocoDB; every order the product sends and every P&L comes from the exact `*_exact` columns.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

const penny = (trade: Record<string, unknown> = {}) =>
  newTradeDecision('SNDL', { qty: 1000, limit_price: 0.846, stop_loss: { stop_price: 0.8123 }, take_profit: { limit_price: 0.91 }, ...trade });

async function shownColumns(symbol: string) {
  const [row] = await f.dataSource.query(
    'SELECT planned_entry, planned_stop_loss, planned_take_profit, current_stop_loss, actual_entry, exit_price, actual_pnl FROM trade_journal WHERE symbol = $1',
    [symbol],
  );
  return row;
}

describe('a stock under $1: entry 0.8460, stop 0.8123, target 0.9100', () => {
  it('reaches the broker with exactly these prices and closes at the target with exact P&L', async () => {
    await f.seedDecision('P1', 'SNDL', penny());
    await executeDecisions(f.deps);
    const [entry] = await f.sim.listOrders({ status: 'all' });
    expect(entry?.limitPrice?.toString()).toBe('0.846');

    f.sim.setPrice('SNDL', '0.8460');
    expect(await monitorOrders(f.deps)).toMatchObject({ filled: 1, protected: 1, alarms: [] });
    const protection = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.side === 'sell');
    expect(protection.map((o) => [o.type, o.stopPrice?.toString() ?? null, o.limitPrice?.toString() ?? null]).sort()).toEqual([
      ['limit', null, '0.91'],
      ['stop', '0.8123', null],
    ]);
    const open = await f.trade('SNDL');
    expect([open.plannedEntry, open.plannedStopLoss, open.currentStopLoss, open.plannedTakeProfit, open.actualEntry].map(String)).toEqual([
      '0.846',
      '0.8123',
      '0.8123',
      '0.91',
      '0.846',
    ]);
    // What NocoDB shows: the same prices in cents.
    expect(await shownColumns('SNDL')).toMatchObject({
      planned_entry: '0.85',
      planned_stop_loss: '0.81',
      current_stop_loss: '0.81',
      planned_take_profit: '0.91',
      actual_entry: '0.85',
    });

    f.sim.setPrice('SNDL', '0.9100');
    const closed = await monitorOrders(f.deps);
    // (0.9100 − 0.8460) × 1000 = 64.00; from the cents columns it would be (0.91 − 0.85) × 1000 = 60.00.
    expect(closed.closed).toEqual([expect.objectContaining({ reason: 'TARGET_HIT', exitPrice: '0.91', pnl: '64.00' })]);
    expect((await f.trade('SNDL')).actualPnl?.toCents()).toBe('64.00');
  });

  it('is stopped out at exactly 0.8123: P&L −33.70, not the −40.00 of the cents', async () => {
    await f.seedDecision('P2', 'SNDL', penny());
    await executeDecisions(f.deps);
    f.sim.setPrice('SNDL', '0.8460');
    await monitorOrders(f.deps);
    f.sim.setPrice('SNDL', '0.8123');
    const stopped = await monitorOrders(f.deps);
    expect(stopped.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '0.8123', pnl: '-33.70' })]);
    expect(await shownColumns('SNDL')).toMatchObject({ exit_price: '0.81', actual_pnl: '-33.70' });
  });
});

describe('a journal row that cannot be loaded', () => {
  it('fails that one trade with an alarm, and the good trade beside it is still protected', async () => {
    await f.seedDecision(
      'BAD',
      'PNNY',
      newTradeDecision('PNNY', { qty: 1000, limit_price: 0.005, stop_loss: { stop_price: 0.0042 }, take_profit: { limit_price: 0.009 } }),
    );
    await f.seedDecision('GOOD', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    // Old data: written before the exact columns existed, its 0.0042 stop stored as 0.00.
    await f.dataSource.query(
      `UPDATE trade_journal SET planned_stop_loss = 0.00, current_stop_loss = 0.00, planned_stop_loss_exact = NULL, current_stop_loss_exact = NULL WHERE symbol = 'PNNY'`,
    );
    const bad = await f.trade('PNNY');
    expect(bad.unloadable).toContain('planned_stop_loss is 0.00, not a price');

    f.sim.setPrices({ PNNY: '0.0050', NVDA: '133.80' });
    const run = await monitorOrders(f.deps);

    expect(run.protected).toBe(1);
    expect(run.alarms).toEqual([
      expect.stringMatching(
        /^ALARM: trade_journal row \d+ \(PNNY-[^,]+, PNNY\): planned_stop_loss is 0\.00, not a price; current_stop_loss is 0\.00, not a price\. Correct it in NocoDB/,
      ),
    ]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 45 });
    expect((await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA' && o.side === 'sell')).toHaveLength(2);
    expect((await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'PNNY' && o.side === 'sell')).toEqual([]);
    const alarms = await f.dataSource.getRepository(ExecutionLog).find({ where: { action: 'trade.load', outcome: 'alarm' } });
    expect(alarms.map((a) => [a.tradeJournalId, a.symbol])).toEqual([[bad.id, 'PNNY']]);

    // The position run goes on too (the bad trade never became a position in the journal).
    expect(await monitorPositions(f.deps)).toMatchObject({ positions: 1, marked: 1, failed: [] });
    // And status shows the bad row rather than failing.
    const status = await tradingStatus(f.deps);
    expect(status.openTrades.map((t) => [t.symbol, t.stopLoss])).toEqual([
      ['PNNY', 'unreadable'],
      ['NVDA', '124.00'],
    ]);
  });
});
