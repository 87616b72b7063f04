import { executeDecisions } from './execute-decisions/execute-decisions';
import { monitorOrders } from './monitor-orders/monitor-orders';
import { monitorPositions } from './monitor-positions/monitor-positions';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from './testing/workflow-fixture';

// The lifecycle scenarios every release must pass (docs/paper-trading-validation.md), on real PostgreSQL and the simulated broker.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

async function brokerOrders() {
  return f.sim.listOrders({ status: 'all' });
}

describe('the lifecycle scenarios', () => {
  it('1. NEW_TRADE → entry fills → stop fills → CLOSED, STOPPED_OUT, negative P&L, position row gone', async () => {
    await f.seedDecision('A1', 'NVDA:NASDAQ', newTradeDecision('NVDA'));
    const executed = await executeDecisions(f.deps);
    expect(executed.counts.placed).toBe(1);

    f.sim.setPrice('NVDA', '133.80');
    const filled = await monitorOrders(f.deps);
    expect(filled).toMatchObject({ filled: 1, protected: 1 });
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 45 });
    expect(await f.positions()).toHaveLength(1);

    f.sim.setPrice('NVDA', '124.00');
    const stopped = await monitorOrders(f.deps);
    expect(stopped.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', pnl: '-441.00', exitPrice: '124.00' })]);
    const trade = await f.trade('NVDA');
    expect(trade).toMatchObject({ status: 'CLOSED', exitReason: 'STOPPED_OUT', exitDate: '2025-01-15' });
    expect(trade.actualPnl?.toCents()).toBe('-441.00');
    expect(await f.positions()).toEqual([]);
    expect((await brokerOrders()).filter((o) => o.status === 'new' || o.status === 'accepted' || o.status === 'held')).toEqual([]);
  });

  it('2. SWING → entry fills → take-profit fills → CLOSED, TARGET_HIT, stop leg cancelled', async () => {
    await f.seedDecision('A2', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);

    f.sim.setPrice('NVDA', '145.50');
    const result = await monitorOrders(f.deps);
    expect(result.closed).toEqual([expect.objectContaining({ reason: 'TARGET_HIT', pnl: '526.50', exitPrice: '145.50' })]);
    const orders = await f.orders();
    expect(orders.map((o) => [o.orderType, o.orderStatus])).toEqual([
      ['ENTRY', 'filled'],
      ['TAKE_PROFIT', 'filled'],
      ['STOP_LOSS', 'cancelled'],
    ]);
    expect(await f.positions()).toEqual([]);
  });

  it('3. NEW_TRADE → CANCEL before the fill → CANCELLED, no position', async () => {
    await f.seedDecision('A3', 'AAPL', newTradeDecision('AAPL', { limit_price: 180, stop_loss: { stop_price: 170 }, take_profit: { limit_price: 200 } }));
    await executeDecisions(f.deps);
    const trade = await f.trade('AAPL');
    await f.seedDecision('A3-cancel', 'AAPL', { symbol: 'AAPL', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    const result = await executeDecisions(f.deps);
    expect(result.decisions).toEqual([expect.objectContaining({ analysisId: 'A3-cancel', outcome: 'cancelled' })]);
    expect(await f.trade('AAPL')).toMatchObject({ status: 'CANCELLED', exitReason: 'CANCELLED', exitDate: '2025-01-15' });
    expect(await f.positions()).toEqual([]);
    const [entry] = await f.orders(trade.id);
    expect(entry.orderStatus).toBe('cancelled');
    expect((await brokerOrders()).map((o) => o.status)).toEqual(['canceled']);
  });

  it('4. NEW_TRADE → AMEND → the old entry cancelled, a new entry live with the new parameters', async () => {
    await f.seedDecision('A4', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
    await executeDecisions(f.deps);
    const old = await f.trade('MSFT');
    await f.seedDecision(
      'A4-amend',
      'MSFT',
      newTradeDecision('MSFT', { qty: 30, limit_price: 395.5, stop_loss: { stop_price: 385 }, take_profit: { limit_price: 430 } }, 'AMEND'),
      { existingTradeJournalId: old.id },
    );
    const result = await executeDecisions(f.deps);
    expect(result.decisions[0]).toMatchObject({ outcome: 'amended' });

    const [before, after] = await f.trades();
    expect(before).toMatchObject({ id: old.id, status: 'CANCELLED', exitReason: 'AMENDED' });
    expect(after).toMatchObject({ status: 'ORDERED', plannedQty: 30, initialAnalysisId: 'A4-amend' });
    expect(after.plannedEntry?.toString()).toBe('395.50');
    expect(after.plannedStopLoss.toString()).toBe('385.00');
    const live = (await brokerOrders()).filter((o) => o.status !== 'canceled');
    expect(live).toEqual([expect.objectContaining({ symbol: 'MSFT', qty: 30, side: 'buy', type: 'limit' })]);
    expect(live[0].limitPrice?.toString()).toBe('395.50');
    expect((await f.decision('A4-amend')).existingTradeJournalId).toBe(after.id);
  });

  it('5. DAYTRADE and TREND are protected by a stop alone; SWING by one OCO', async () => {
    await f.seedDecision(
      'D',
      'AMD',
      newTradeDecision('AMD', { strategy: 'DAYTRADE', limit_price: 150, stop_loss: { stop_price: 145 }, take_profit: undefined }),
    );
    await f.seedDecision(
      'T',
      'TSLA',
      newTradeDecision('TSLA', { strategy: 'TREND', limit_price: 250, stop_loss: { stop_price: 230 }, take_profit: undefined }),
    );
    await f.seedDecision('S', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    f.sim.setPrices({ AMD: '150', TSLA: '250', NVDA: '133.80' });
    await monitorOrders(f.deps);

    const roles = async (symbol: string) => (await f.orders((await f.trade(symbol)).id)).map((o) => o.orderType);
    expect(await roles('AMD')).toEqual(['ENTRY', 'STOP_LOSS']);
    expect(await roles('TSLA')).toEqual(['ENTRY', 'STOP_LOSS']);
    expect(await roles('NVDA')).toEqual(['ENTRY', 'TAKE_PROFIT', 'STOP_LOSS']);
    const protective = (await brokerOrders()).filter((o) => o.side === 'sell');
    expect(protective.every((o) => o.timeInForce === 'gtc')).toBe(true);
    expect(protective.filter((o) => o.symbol === 'NVDA').map((o) => o.orderClass)).toEqual(['oco', 'oco']);
  });

  it('6a. a partial entry fill is protected at once; further fills grow the protection (SWING: OCO beside the open entry)', async () => {
    await f.seedDecision('P', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    const [entry] = await f.orders();
    f.sim.fill(entry.alpacaOrderId, 20, '133.80');

    const first = await monitorOrders(f.deps);
    expect(first).toMatchObject({ filled: 1, protected: 1 });
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 20 });
    const workingStops = async () => (await f.orders()).filter((o) => o.orderType === 'STOP_LOSS' && o.orderStatus === 'pending');
    expect((await workingStops()).map((o) => o.qty)).toEqual([20]);
    expect((await f.sim.getOrder(entry.alpacaOrderId)).status).toBe('partially_filled'); // the entry keeps working

    f.sim.fill(entry.alpacaOrderId, 25, '133.70');
    const second = await monitorOrders(f.deps);
    expect(second).toMatchObject({ filled: 1, protected: 1 });
    expect(await f.trade('NVDA')).toMatchObject({ actualQty: 45 });
    // (20 × 133.80 + 25 × 133.70) / 45 = 133.7444…, reported by the broker as 133.7444 (NocoDB shows 133.74).
    expect((await f.trade('NVDA')).actualEntry?.toString()).toBe('133.7444');
    expect((await workingStops()).map((o) => o.qty)).toEqual([20, 25]);
    expect((await f.positions())[0]).toMatchObject({ qty: 45 });
  });

  it('6b. a partial fill of a stop-only trade: the broker refuses a stop beside the open entry, so the rest of the entry is cancelled and the held shares protected', async () => {
    await f.seedDecision('P2', 'NVDA', newTradeDecision('NVDA', { strategy: 'TREND', take_profit: undefined }));
    await executeDecisions(f.deps);
    const [entry] = await f.orders();
    f.sim.fill(entry.alpacaOrderId, 20, '133.80');

    const result = await monitorOrders(f.deps);
    expect(result).toMatchObject({ filled: 1, protected: 1, alarms: [] });
    expect(await f.sim.getOrder(entry.alpacaOrderId)).toMatchObject({ status: 'canceled', filledQty: 20 });
    expect((await f.orders()).map((o) => [o.orderType, o.orderStatus, o.qty])).toEqual([
      ['ENTRY', 'cancelled', 45],
      ['STOP_LOSS', 'pending', 20],
    ]);
    expect((await f.positions())[0].qty).toBe(20);
    expect((await f.audit()).map((a) => a.action)).toContain('entry.cancel-remainder');
  });

  it('7a. an entry still open at the close expires → CANCELLED (EXPIRED)', async () => {
    await f.seedDecision('E', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    f.clock.set(new Date('2025-01-15T21:30:00Z')); // 16:30 New York
    await monitorOrders(f.deps);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'CANCELLED', exitReason: 'EXPIRED' });
    expect(await f.positions()).toEqual([]);
  });

  it('7b. partially filled, then expired at the close → POSITION for the filled quantity, protected', async () => {
    await f.seedDecision('E2', 'NVDA', newTradeDecision('NVDA', { strategy: 'TREND', take_profit: undefined }));
    await executeDecisions(f.deps);
    const [entry] = await f.orders();
    f.sim.fill(entry.alpacaOrderId, 15, '133.80');
    f.clock.set(new Date('2025-01-15T21:30:00Z'));
    await monitorOrders(f.deps);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 15 });
    expect((await f.positions())[0].qty).toBe(15);
    const stop = (await f.orders()).find((o) => o.orderType === 'STOP_LOSS');
    expect(stop).toMatchObject({ qty: 15, timeInForce: 'gtc' });
  });

  it('8. a position closed by hand at the broker → the next position run closes it as MANUAL_EXIT with a price', async () => {
    await f.seedDecision('M', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);
    f.sim.closePositionByHand('NVDA', '138.00');

    const result = await monitorPositions(f.deps);
    expect(result.closed).toEqual([expect.objectContaining({ reason: 'MANUAL_EXIT', exitPrice: '138.00', pnl: '189.00' })]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'CLOSED', exitReason: 'MANUAL_EXIT' });
    expect(await f.positions()).toEqual([]);
    const working = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA');
    expect(working).toEqual([]); // no stop left behind to open a short
  });

  it('9. prices unavailable → the last known price stays, nothing crashes, the next run catches up', async () => {
    await f.seedDecision('PX', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);
    f.sim.setPrice('NVDA', '140.00');
    await monitorPositions(f.deps);
    expect((await f.positions())[0].currentPrice.toString()).toBe('140.00');

    f.sim.setPrice('NVDA', '141.00');
    f.sim.failNext(1); // the price call fails
    const blind = await monitorPositions(f.deps);
    expect(blind.failed).toEqual([expect.objectContaining({ error: expect.stringContaining('Prices unavailable') })]);
    const [kept] = await f.positions();
    expect(kept.currentPrice.toString()).toBe('140.00');
    expect(kept.unrealizedPnl?.toCents()).toBe('279.00');
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION' });

    await monitorPositions(f.deps);
    const [caughtUp] = await f.positions();
    expect(caughtUp.currentPrice.toString()).toBe('141.00');
    expect(caughtUp.unrealizedPnl?.toCents()).toBe('324.00');
    expect(caughtUp.marketValue.toCents()).toBe('6345.00');
  });

  it('10. a malformed decision → no order, a recorded reason, the other decisions still run', async () => {
    await f.seedDecision('G1', 'NVDA', newTradeDecision('NVDA'));
    await f.seedDecision('BAD', 'AAPL', newTradeDecision('AAPL', { qty: 4.5, stop_loss: { stop_price: 140 } }));
    await f.seedDecision('NOTJSON', 'AMD', '{"primary_action": "NEW_TRADE", ');
    await f.seedDecision('G2', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
    const result = await executeDecisions(f.deps);

    expect(result.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([
      ['G1', 'placed'],
      ['BAD', 'refused'],
      ['NOTJSON', 'refused'],
      ['G2', 'placed'],
    ]);
    expect((await brokerOrders()).map((o) => o.symbol).sort()).toEqual(['MSFT', 'NVDA']);
    const [refusal] = await f.audit('BAD');
    expect(refusal).toMatchObject({ outcome: 'refused', action: 'decision.refused' });
    expect(refusal.message).toContain('qty');
    expect(refusal.message).toContain('new_trade.stop_loss.stop_price 140.00 must be below limit_price 133.80 for a buy');
    expect(await f.decision('BAD')).toMatchObject({ executed: true, existingOrderId: null });
    // Not retried forever: the next run does not take it again.
    expect((await executeDecisions(f.deps)).decisions).toEqual([]);
  });
});

describe('a position closed by hand, seen first by the order monitor', () => {
  it('closes the trade as MANUAL_EXIT and never re-protects shares that are gone (no accidental short)', async () => {
    await f.seedDecision('H', 'NVDA', newTradeDecision('NVDA', { strategy: 'TREND', take_profit: undefined }));
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);
    f.sim.closePositionByHand('NVDA', '138.00'); // the dashboard cancels the stop and sells

    const seen = await monitorOrders(f.deps);
    expect(seen.protected).toBe(0);
    expect(seen.closed).toEqual([expect.objectContaining({ reason: 'MANUAL_EXIT', exitPrice: '138.00', pnl: '189.00' })]);
    f.sim.setPrice('NVDA', '120.00');
    expect(await f.sim.listPositions()).toEqual([]);
    expect((await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA')).toEqual([]);
  });

  it('re-protects shares whose stop was cancelled at the broker while the position is still held', async () => {
    await f.seedDecision('H2', 'NVDA', newTradeDecision('NVDA', { strategy: 'TREND', take_profit: undefined }));
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);
    const [stop] = (await f.orders()).filter((o) => o.orderType === 'STOP_LOSS');
    await f.sim.cancelOrder(stop.alpacaOrderId); // someone cancels the stop by hand
    f.sim.confirmCancels(); // and the venue confirms it before the next run

    const result = await monitorOrders(f.deps);
    expect(result.protected).toBe(1);
    const working = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA' && o.type === 'stop');
    expect(working.map((o) => o.qty)).toEqual([45]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION' });
  });
});
