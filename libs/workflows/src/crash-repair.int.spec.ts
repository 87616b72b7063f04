import type { Broker } from '@trading-monitor/broker';
import { executeDecisions } from './execute-decisions/execute-decisions';
import { monitorOrders } from './monitor-orders/monitor-orders';
import { monitorPositions } from './monitor-positions/monitor-positions';
import { consistencyProblems } from './testing/consistency';
import { crashingBroker } from './testing/crashing-broker';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from './testing/workflow-fixture';

// A crash between any broker call and the database write after it is repaired by the next run:
// the day below is played once per broker call that changes something, crashing right after that
// call, then one clean cycle runs and the invariants of testing/consistency.ts must hold.

async function playDay(f: WorkflowFixture, broker: Broker): Promise<void> {
  const deps = f.depsWith(broker);
  await f.seedDecision('A', 'NVDA', newTradeDecision('NVDA'));
  await f.seedDecision('B', 'AAPL', newTradeDecision('AAPL', { strategy: 'TREND', limit_price: 180, stop_loss: { stop_price: 170 }, take_profit: undefined }));
  await f.seedDecision('C', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
  await executeDecisions(deps);
  await f.seedDecision('D', 'MSFT', { symbol: 'MSFT', primary_action: 'CANCEL' });
  await executeDecisions(deps);
  f.sim.setPrices({ NVDA: '133.80', AAPL: '179.50' });
  await monitorOrders(deps);
  f.clock.advance(5 * 60_000);
  f.sim.setPrice('NVDA', '124.00');
  await monitorOrders(deps);
  f.sim.closePositionByHand('AAPL', '182.25');
  await monitorPositions(deps);
}

async function cleanCycle(f: WorkflowFixture): Promise<void> {
  await executeDecisions(f.deps);
  await monitorOrders(f.deps);
  await monitorPositions(f.deps);
  await monitorOrders(f.deps);
}

describe('crash after each broker call in turn', () => {
  let mutations = 0;

  it('the day without a crash is consistent, and counts its broker calls', async () => {
    const f = await createWorkflowFixture();
    try {
      const counting = crashingBroker(f.sim, Number.POSITIVE_INFINITY);
      await playDay(f, counting);
      mutations = counting.mutations();
      expect(mutations).toBeGreaterThanOrEqual(6);
      expect(await consistencyProblems(f)).toEqual([]);
      expect((await f.trades()).map((t) => [t.symbol, t.status, t.exitReason])).toEqual([
        ['NVDA', 'CLOSED', 'STOPPED_OUT'],
        ['AAPL', 'CLOSED', 'MANUAL_EXIT'],
        ['MSFT', 'CANCELLED', 'CANCELLED'],
      ]);
    } finally {
      await f.close();
    }
  });

  it('every crash point is repaired by the next run with no duplicate order and no lost fill', async () => {
    expect(mutations).toBeGreaterThan(0);
    for (let crashAt = 1; crashAt <= mutations; crashAt++) {
      const f = await createWorkflowFixture();
      try {
        await playDay(f, crashingBroker(f.sim, crashAt));
        await cleanCycle(f);
        const problems = await consistencyProblems(f);
        expect({ crashAt, problems }).toEqual({ crashAt, problems: [] });
      } finally {
        await f.close();
      }
    }
  }, 120_000);
});
