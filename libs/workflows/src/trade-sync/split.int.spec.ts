import { TradeAdjustment } from '@trading-monitor/persistence';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { monitorPositions } from '../monitor-positions/monitor-positions';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';

// docs/broker-rules.md#statuses-and-fills, issue 14 item 4: a split changes the broker's position without a fill and replaces the
// open orders by adjusted ones. The trade is re-based when the arithmetic is exact, else frozen.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

async function protectedPosition(symbol: string, decision: Record<string, unknown>, fillAt: string): Promise<void> {
  await f.seedDecision(`D-${symbol}`, symbol, newTradeDecision(symbol, decision));
  await executeDecisions(f.deps);
  const [entry] = await f.sim.listOrders({ status: 'open', symbols: [symbol] });
  f.sim.fill(entry.id, undefined, fillAt);
  expect(await monitorOrders(f.deps)).toMatchObject({ filled: 1, protected: 1, alarms: [] });
}

describe('a stock split', () => {
  it('2-for-1 overnight: the trade is re-based (90 shares, prices halved), nothing re-sent, and the stop-out P&L is what it would have been', async () => {
    await protectedPosition('NVDA', {}, '133.80');
    f.clock.set(new Date('2025-01-16T12:00:00Z'));
    f.sim.applySplit('NVDA', 2);

    const run = await monitorOrders(f.deps);
    expect(run).toMatchObject({ protected: 0, failed: [] });
    const trade = await f.trade('NVDA');
    expect(trade).toMatchObject({ status: 'POSITION', actualQty: 90, plannedQty: 90 });
    expect([trade.actualEntry, trade.currentStopLoss, trade.plannedStopLoss, trade.plannedTakeProfit].map((p) => p?.toString())).toEqual([
      '66.90',
      '62.00',
      '62.00',
      '72.75',
    ]);
    expect((await f.positions())[0]).toMatchObject({ qty: 90 });
    expect((await f.positions())[0].avgEntryPrice.toString()).toBe('66.90');
    expect(run.alarms).toEqual([
      'NVDA: the broker adjusted the position for a split (2 new shares per old share: 45 → 90 shares) and replaced its orders; ' +
        `trade ${trade.tradeId} is re-based to 90 shares at 66.90, stop 62.00. Its P&L is unchanged.`,
    ]);
    const [adjustment] = await f.dataSource.getRepository(TradeAdjustment).find();
    expect(adjustment).toMatchObject({ adjustmentType: 'SPLIT', oldQty: 45, newQty: 90, executed: true });
    expect(await monitorPositions(f.deps)).toMatchObject({ mismatches: [], closed: [] });
    expect(await monitorOrders(f.deps)).toMatchObject({ protected: 0, alarms: [] });

    f.clock.set(new Date('2025-01-16T15:00:00Z'));
    f.sim.setPrice('NVDA', '61.90');
    const stopped = await monitorOrders(f.deps);
    // 90 × (61.90 − 66.90) = 45 × (123.80 − 133.80)
    expect(stopped.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '61.90', pnl: '-450.00' })]);
  });

  it('1-for-5 reverse split of 45 shares re-bases to 9 at five times the price', async () => {
    await protectedPosition('AMD', { strategy: 'TREND', take_profit: undefined }, '133.80');
    f.sim.applySplit('AMD', '0.2');
    await monitorOrders(f.deps);
    const trade = await f.trade('AMD');
    expect(trade).toMatchObject({ actualQty: 9 });
    expect([trade.actualEntry, trade.currentStopLoss].map((p) => p?.toString())).toEqual(['669.00', '620.00']);
    f.sim.setPrice('AMD', '700.00');
    expect((await monitorPositions(f.deps)).mismatches).toEqual([]);
  });

  it('a split the journal cannot re-base exactly (3-for-1 of a 133.81 fill) freezes the trade for a person: nothing sent, nothing closed at a wrong price', async () => {
    await protectedPosition('MSFT', { strategy: 'TREND', take_profit: undefined }, '133.81');
    const [stop] = await f.sim.listOrders({ status: 'open', symbols: ['MSFT'] });
    f.sim.applySplit('MSFT', 3);
    const first = await monitorOrders(f.deps);
    const trade = await f.trade('MSFT');
    const frozen =
      `MSFT: the broker's position changed without a fill (order ${stop.id} replaced by one for 135 shares instead of 45: a split or a corporate action) ` +
      `and the journal cannot be re-based exactly. Trade ${trade.tradeId} is FROZEN: the product no longer acts on it. ` +
      `Check the position in the Alpaca dashboard, correct the trade in the journal, then set executed = true on its SPLIT row in trade_adjustments.`;
    expect(first).toMatchObject({ protected: 0, alarms: [frozen] });
    // The adjusted stop fills: still frozen, the trade is not closed with a made-up P&L.
    f.sim.setPrice('MSFT', '40.00');
    const second = await monitorOrders(f.deps);
    expect(second).toMatchObject({ closed: [], protected: 0, alarms: [frozen] });
    expect((await monitorPositions(f.deps)).closed).toEqual([]);
    expect(await f.trade('MSFT')).toMatchObject({ status: 'POSITION', actualQty: 45 });
    expect((await f.sim.listOrders({ status: 'all', symbols: ['MSFT'] })).filter((o) => o.clientOrderId.startsWith('tm-'))).toHaveLength(2);
    expect((await f.alarms()).filter((a) => a === frozen).length).toBeGreaterThanOrEqual(2);
  });
});
