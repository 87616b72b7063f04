import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { haltTrading, resumeTrading, tradingState } from './trading-control';

let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

it('halt blocks every new entry, lets a CANCEL through, and resume lets the waiting entry go', async () => {
  await f.seedDecision('OPEN', 'AAPL', newTradeDecision('AAPL', { limit_price: 180, stop_loss: { stop_price: 170 }, take_profit: { limit_price: 200 } }));
  await executeDecisions(f.deps);
  await haltTrading(f.deps, { reason: 'broker incident' });
  expect(await tradingState(f.deps)).toMatchObject({ halted: true, reason: 'broker incident' });

  await f.seedDecision('NEW', 'NVDA', newTradeDecision('NVDA'));
  await f.seedDecision('CXL', 'AAPL', { symbol: 'AAPL', primary_action: 'CANCEL' });
  const halted = await executeDecisions(f.deps);
  expect(halted.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([
    ['NEW', 'halted'],
    ['CXL', 'cancelled'],
  ]);
  expect(halted.decisions[0].message).toContain('Trading is halted (broker incident)');
  expect((await f.decision('NEW')).executed).toBe(false);

  await resumeTrading(f.deps);
  const resumed = await executeDecisions(f.deps);
  expect(resumed.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([['NEW', 'placed']]);
});

it('halt --flatten cancels working entries and closes positions at market, recorded in the journal', async () => {
  await f.seedDecision('HELD', 'NVDA', newTradeDecision('NVDA'));
  await f.seedDecision('WAIT', 'AAPL', newTradeDecision('AAPL', { limit_price: 180, stop_loss: { stop_price: 170 }, take_profit: { limit_price: 200 } }));
  await executeDecisions(f.deps);
  f.sim.setPrice('NVDA', '133.80');
  await monitorOrders(f.deps);
  f.sim.setPrice('NVDA', '135.00');

  const result = await haltTrading(f.deps, { reason: 'flatten everything', flatten: true });
  expect(result.flatten).toMatchObject({ cancelledEntries: ['AAPL'], closing: ['NVDA'], failed: [] });
  expect(result.flatten?.positions.closed).toEqual([expect.objectContaining({ symbol: 'NVDA', reason: 'MANUAL_EXIT', exitPrice: '135.00', pnl: '54.00' })]);
  expect((await f.trades()).map((t) => [t.symbol, t.status, t.exitReason])).toEqual([
    ['NVDA', 'CLOSED', 'MANUAL_EXIT'],
    ['AAPL', 'CANCELLED', 'CANCELLED'],
  ]);
  expect(await f.sim.listPositions()).toEqual([]);
  expect(await f.sim.listOrders({ status: 'open' })).toEqual([]);
});
