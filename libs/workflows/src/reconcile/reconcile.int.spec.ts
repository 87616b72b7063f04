import { Price } from '@trading-monitor/domain';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { reconcile } from './reconcile';

let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

async function protectedNvda(): Promise<void> {
  await f.seedDecision('A', 'NVDA', newTradeDecision('NVDA'));
  await executeDecisions(f.deps);
  f.sim.setPrice('NVDA', '133.80');
  await monitorOrders(f.deps);
}

it('reports a clean book as clean', async () => {
  await protectedNvda();
  const report = await reconcile(f.deps);
  expect(report).toMatchObject({ clean: true, ordersBehind: [], notInJournal: [], unprotected: [] });
});

it('finds differences both ways without changing anything, then --fix repairs what is safe', async () => {
  await protectedNvda();
  f.sim.setPrice('NVDA', '145.50'); // the take-profit fills; the journal has not seen it yet
  await f.sim.submitEntry({ symbol: 'TSLA', side: 'buy', qty: 5, type: 'limit', limitPrice: Price.of('200'), timeInForce: 'day', clientOrderId: 'by-hand-1' });

  const report = await reconcile(f.deps);
  expect(report.clean).toBe(false);
  expect(report.missedFills).toEqual([expect.objectContaining({ symbol: 'NVDA', role: 'TAKE_PROFIT', journal: 'pending 0/45', broker: 'filled 45/45' })]);
  expect(report.positionsOnlyInJournal).toEqual([{ tradeId: expect.any(String), symbol: 'NVDA', qty: 45 }]);
  expect(report.notInJournal).toEqual([expect.objectContaining({ symbol: 'TSLA', clientOrderId: 'by-hand-1', own: false })]);
  expect((await f.trade('NVDA')).status).toBe('POSITION'); // a report changes nothing

  const fixed = await reconcile(f.deps, { fix: true });
  expect(fixed.fixed?.orders.closed).toEqual([expect.objectContaining({ symbol: 'NVDA', reason: 'TARGET_HIT', pnl: '526.50' })]);
  expect((await f.trade('NVDA')).status).toBe('CLOSED');
  expect((await f.sim.getOrderByClientId('by-hand-1')).status).toBe('new'); // never touches what it did not place
  const after = await reconcile(f.deps);
  expect(after.notInJournal.map((o) => o.clientOrderId)).toEqual(['by-hand-1']);
  expect(after.missedFills).toEqual([]);
});
