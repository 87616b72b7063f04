import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';

// docs/broker-rules.md#prices, issue 14 item 1: the market is already through the planned stop when protection is
// placed (a gap, a fast fall between two runs). Alpaca refuses the stop; the shares must still go.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

async function enterAndGap(symbol: string, decision: Record<string, unknown>, fillAt: string, gapTo: string): Promise<void> {
  await f.seedDecision(`D-${symbol}`, symbol, newTradeDecision(symbol, decision));
  expect((await executeDecisions(f.deps)).counts.placed).toBe(1);
  const [entry] = await f.sim.listOrders({ status: 'open', symbols: [symbol] });
  f.sim.fill(entry.id, undefined, fillAt);
  f.sim.setPrice(symbol, gapTo);
}

describe('protection refused because the market is through the stop', () => {
  it('SWING long: the OCO is refused, the 45 shares are sold at the market in the same run, STOPPED_OUT with the real fill', async () => {
    await enterAndGap('NVDA', {}, '133.80', '121.50');

    const run = await monitorOrders(f.deps);

    expect(run.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '121.50', pnl: '-553.50' })]);
    const trade = await f.trade('NVDA');
    expect(trade).toMatchObject({ status: 'CLOSED', exitReason: 'STOPPED_OUT' });
    expect(trade.actualPnl?.toCents()).toBe('-553.50');
    expect(await f.positions()).toEqual([]);
    expect(await f.sim.listPositions()).toEqual([]);
    const orders = await f.orders(trade.id);
    expect(orders.map((o) => [o.orderType, o.side, o.qty, o.orderStatus, o.clientOrderId])).toEqual([
      ['ENTRY', 'buy', 45, 'filled', expect.stringMatching(/^tm-entry-/)],
      ['STOP_LOSS', 'sell', 45, 'filled', `tm-exit-1-${trade.tradeId}`],
    ]);
    const [alarm, ...rest] = await f.alarms();
    expect(rest).toEqual([]);
    expect(alarm).toBe(
      `NVDA: the market is already through the stop 124.00 (the broker refused the protective order: stop price must be less than base_price - 0.01). ` +
        `Sold the 45 unprotected shares at the market instead (order tm-exit-1-${trade.tradeId}); the trade closes as STOPPED_OUT at the fill price.`,
    );
    expect(run.alarms).toEqual([alarm]);

    // Nothing more happens on the next run: no second exit, no alarm.
    const next = await monitorOrders(f.deps);
    expect(next).toMatchObject({ closed: [], alarms: [], failed: [] });
    expect(await f.sim.listOrders({ status: 'all', symbols: ['NVDA'] })).toHaveLength(2);
  });

  it('DAYTRADE short: the buy stop is refused above a gap up, the shares are bought back at the market', async () => {
    await enterAndGap(
      'TSLA',
      { strategy: 'DAYTRADE', side: 'sell', limit_price: 250, stop_loss: { stop_price: 260 }, take_profit: undefined },
      '250.00',
      '262.40',
    );
    const run = await monitorOrders(f.deps);
    expect(run.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '262.40', pnl: '-558.00' })]);
    expect((await f.alarms())[0]).toContain('stop price must be greater than base_price + 0.01');
    expect(await f.sim.listPositions()).toEqual([]);
  });

  it('a thin market fills the exit in parts over several runs; the P&L is exact over every part, no second exit is sent', async () => {
    await enterAndGap('AMD', { strategy: 'TREND', take_profit: undefined }, '133.80', '121.00');
    f.sim.setLiquidity('AMD', 20);

    const first = await monitorOrders(f.deps);
    expect(first.closed).toEqual([]);
    expect(await f.trade('AMD')).toMatchObject({ status: 'POSITION' });
    expect((await f.positions())[0]).toMatchObject({ qty: 25 });

    f.sim.setPrice('AMD', '120.50'); // 20 more
    const second = await monitorOrders(f.deps);
    expect(second.closed).toEqual([]);
    f.sim.setPrice('AMD', '120.10'); // the last 5
    const third = await monitorOrders(f.deps);
    // 20 × 121.00 + 20 × 120.50 + 5 × 120.10 = 5430.50; entry 45 × 133.80 = 6021.00
    expect(third.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', pnl: '-590.50' })]);
    expect((await f.sim.listOrders({ status: 'all', symbols: ['AMD'] })).map((o) => o.clientOrderId)).toEqual([
      expect.stringMatching(/^tm-entry-/),
      expect.stringMatching(/^tm-exit-1-/),
    ]);
    expect(await f.alarms()).toHaveLength(1);
  });

  it('after the close nothing is sent (stops do not trigger then); the first run in the session exits at the market, the trade closes then', async () => {
    await enterAndGap('META', { strategy: 'TREND', take_profit: undefined }, '133.80', '130.00');
    expect((await monitorOrders(f.deps)).protected).toBe(1);
    // The stop rests at 124; the position is protected.
    const [stop] = await f.sim.listOrders({ status: 'open', symbols: ['META'] });
    // After the close someone cancels the stop in the dashboard, and the last trade is below 124.
    f.clock.set(new Date('2025-01-15T23:00:00Z'));
    await f.sim.cancelOrder(stop.id);
    f.sim.confirmCancels(); // the venue confirms the dashboard's cancel
    f.sim.setPrice('META', '118.00');
    const evening = await monitorOrders(f.deps);
    expect(evening.closed).toEqual([]);
    expect(evening.alarms.join('\n')).toContain('outside regular trading hours');
    expect(await f.sim.listOrders({ status: 'open', symbols: ['META'] })).toEqual([]);

    f.clock.set(new Date('2025-01-16T14:00:00Z'));
    f.sim.setPrice('META', '117.20'); // the opening price
    f.clock.set(new Date('2025-01-16T14:35:00Z'));
    const morning = await monitorOrders(f.deps);
    expect(morning.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '117.20', pnl: '-747.00' })]);
  });
});
