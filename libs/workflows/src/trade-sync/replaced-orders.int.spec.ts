import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { monitorPositions } from '../monitor-positions/monitor-positions';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { Price } from '@trading-monitor/domain';

// docs/broker-rules.md#statuses-and-fills, issue 14 item 4: Alpaca marks an order `replaced` (replaced_by → the new order, whose
// `replaces` is the old id) after an edit in the dashboard or a corporate-action adjustment.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

/** A protected position: 45 shares bought at 133.80, the journal's protection at the broker. */
async function protectedPosition(symbol: string, decision: Record<string, unknown> = {}): Promise<void> {
  await f.seedDecision(`D-${symbol}`, symbol, newTradeDecision(symbol, decision));
  await executeDecisions(f.deps);
  f.sim.setPrice(symbol, '133.80');
  expect(await monitorOrders(f.deps)).toMatchObject({ filled: 1, protected: 1, alarms: [] });
}

describe('an order replaced at the broker', () => {
  it('a stop edited in the dashboard: the journal follows the new order, sends no protection, and its fill closes STOPPED_OUT', async () => {
    await protectedPosition('NVDA', { strategy: 'DAYTRADE', take_profit: undefined });
    const [stop] = await f.sim.listOrders({ status: 'open', symbols: ['NVDA'] });
    f.clock.advance(60_000);
    const edited = await f.sim.replaceOrder(stop.id, { stopPrice: Price.of('128.00') });

    const run = await monitorOrders(f.deps);
    expect(run).toMatchObject({ protected: 0, alarms: [], failed: [] });
    expect(await f.sim.listOrders({ status: 'open', symbols: ['NVDA'] })).toEqual([expect.objectContaining({ id: edited.id })]);
    const trade = await f.trade('NVDA');
    expect(trade.currentStopLoss?.toString()).toBe('128.00');
    const orders = await f.orders(trade.id);
    expect(orders.map((o) => [o.orderType, o.alpacaOrderId, o.orderStatus, o.qty, o.stopPrice?.toString() ?? null])).toEqual([
      ['ENTRY', expect.any(String), 'filled', 45, null],
      ['STOP_LOSS', stop.id, 'cancelled', 45, '124.00'],
      ['STOP_LOSS', edited.id, 'pending', 45, '128.00'],
    ]);
    expect((await f.positions())[0].stopLossOrderId).toBe(edited.id);
    expect((await monitorOrders(f.deps)).protected).toBe(0); // and not on the next run either

    f.sim.setPrice('NVDA', '127.50');
    const stopped = await monitorOrders(f.deps);
    expect(stopped.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '127.50', pnl: '-283.50' })]);
    expect(await f.alarms()).toEqual([]);
  });

  it.each([
    ['a stop', { strategy: 'DAYTRADE', take_profit: undefined }],
    ["an OCO's stop leg", {}],
  ])("%s edited, then filled while the product was not looking: the trade closes from the replacement's fill, not MANUAL_EXIT", async (_what, decision) => {
    await protectedPosition('AMD', decision);
    const stopLeg = (await f.sim.listOrders({ status: 'open', symbols: ['AMD'] })).find((o) => o.type === 'stop');
    if (!stopLeg) throw new Error('no stop leg');
    const edited = await f.sim.replaceOrder(stopLeg.id, { stopPrice: Price.of('130.00') });
    f.sim.setPrice('AMD', '129.90');
    expect(f.sim.peekOrder(edited.id)?.status).toBe('filled');

    const positions = await monitorPositions(f.deps);
    expect(positions.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '129.90', pnl: '-175.50' })]);
    expect(await f.alarms()).toEqual([]);
  });

  it('a chain of edits (replaced twice before the next run) is followed to the last order', async () => {
    await protectedPosition('MSFT', { strategy: 'TREND', take_profit: undefined });
    const [stop] = await f.sim.listOrders({ status: 'open', symbols: ['MSFT'] });
    const first = await f.sim.replaceOrder(stop.id, { stopPrice: Price.of('126.00') });
    const second = await f.sim.replaceOrder(first.id, { stopPrice: Price.of('127.00') });
    expect(await monitorOrders(f.deps)).toMatchObject({ protected: 0, alarms: [] });
    const orders = await f.orders((await f.trade('MSFT')).id);
    expect(orders.filter((o) => o.orderStatus === 'pending').map((o) => o.alpacaOrderId)).toEqual([second.id]);
    expect((await f.trade('MSFT')).currentStopLoss?.toString()).toBe('127.00');
  });
});
