import { Price } from '@trading-monitor/domain';
import { OrderFill } from '@trading-monitor/persistence';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { haltTrading } from '../trading-control/trading-control';
import { monitorPositions } from './monitor-positions';

let f: WorkflowFixture;
beforeEach(async () => {
  f = await createWorkflowFixture();
  await f.seedDecision('A', 'NVDA', newTradeDecision('NVDA', { strategy: 'TREND', take_profit: undefined }));
  await executeDecisions(f.deps);
  f.sim.setPrice('NVDA', '133.80');
  await monitorOrders(f.deps);
});
afterEach(() => f.close());

it('reports a long in the journal held short at the broker, with both sides named', async () => {
  f.sim.closePositionByHand('NVDA', '138.00');
  await f.sim.submitEntry({ symbol: 'NVDA', side: 'sell', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'by-hand-short' });
  const result = await monitorPositions(f.deps);
  expect(result.mismatches).toEqual(['NVDA: the journal holds 45 shares long, the broker 45 shares short. Run reconcile to see why.']);
  expect(result.closed).toEqual([]);
});

it('closes a position whose fills predate the exact fill ledger (rows made by hand or migrated)', async () => {
  await f.dataSource.getRepository(OrderFill).clear();
  f.sim.closePositionByHand('NVDA', '138.00');
  const result = await monitorPositions(f.deps);
  expect(result.failed).toEqual([]);
  expect(result.closed).toEqual([expect.objectContaining({ reason: 'MANUAL_EXIT', pnl: '189.00' })]);
});

it('halt --flatten treats a position already flat at the broker as done, not as a failure', async () => {
  f.sim.closePositionByHand('NVDA', Price.of('136.00'));
  const result = await haltTrading(f.deps, { reason: 'test', flatten: true });
  expect(result.flatten?.failed).toEqual([]);
  expect(result.flatten?.positions.closed).toEqual([expect.objectContaining({ symbol: 'NVDA', reason: 'MANUAL_EXIT', exitPrice: '136.00' })]);
});
