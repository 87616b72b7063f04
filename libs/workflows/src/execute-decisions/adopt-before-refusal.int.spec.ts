import { MAX_ATTEMPTS, MAX_DECISION_AGE_DAYS, clientOrderIdOf } from '@trading-monitor/domain';
import { crashingBroker } from '../testing/crashing-broker';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { executeDecisions } from './execute-decisions';

// Issue 14 item 5: an entry an unfinished run already placed is adopted before any refusal rule runs,
// so shares bought by a crashed run are never left untracked and unprotected at the broker.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

const DAY_MS = 86_400_000;

/** The entry goes out and fills, then the run dies before the journal records it. */
async function placedByACrashedRun(): Promise<void> {
  await f.seedDecision('D1', 'NVDA', newTradeDecision('NVDA', { time_in_force: 'gtc' }), { date: '2025-01-15' });
  const crash = await executeDecisions(f.depsWith(crashingBroker(f.sim, 1)));
  expect(crash.decisions[0].outcome).toBe('failed');
  f.sim.setPrice('NVDA', '133.80'); // the limit entry fills at the broker
  expect((await f.sim.getOrderByClientId(clientOrderIdOf({ scopeId: 'D1', leg: 'entry', sequence: 1 }))).filledQty).toBe(45);
  expect(await f.trades()).toEqual([]);
}

async function expectAdoptedAndProtected(): Promise<void> {
  const run = await executeDecisions(f.deps);
  expect(run.decisions[0]).toMatchObject({ analysisId: 'D1', outcome: 'placed', message: expect.stringContaining('adopted') });
  await monitorOrders(f.deps);
  const trade = await f.trade('NVDA');
  expect(trade.status).toBe('POSITION');
  const stops = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA' && o.side === 'sell' && o.type === 'stop');
  expect(stops.reduce((sum, o) => sum + o.qty, 0)).toBe(45);
  expect((await f.sim.listOrders({ status: 'all' })).filter((o) => o.clientOrderId.startsWith('tm-entry-'))).toHaveLength(1);
}

it('adopts a placed entry even when the decision has since grown too old to trade on', async () => {
  await placedByACrashedRun();
  f.clock.advance((MAX_DECISION_AGE_DAYS + 2) * DAY_MS);
  await expectAdoptedAndProtected();
});

it('adopts a placed entry even after the attempt limit is used up', async () => {
  await placedByACrashedRun();
  for (let run = 1; run < MAX_ATTEMPTS; run++) {
    f.sim.failNext(1);
    expect((await executeDecisions(f.deps)).decisions[0].outcome).toBe('deferred');
  }
  await expectAdoptedAndProtected();
});

it('still refuses a stale decision that never reached the broker, and places nothing', async () => {
  await f.seedDecision('D1', 'NVDA', newTradeDecision('NVDA'), { date: '2025-01-15' });
  f.clock.advance((MAX_DECISION_AGE_DAYS + 2) * DAY_MS);
  const run = await executeDecisions(f.deps);
  expect(run.decisions[0]).toMatchObject({ outcome: 'refused', message: expect.stringContaining('places no order') });
  expect(await f.sim.listOrders({ status: 'all' })).toEqual([]);
});

it('the order monitor adopts and protects a stale decision’s placed entry without waiting for the next execute run', async () => {
  await placedByACrashedRun();
  f.clock.advance((MAX_DECISION_AGE_DAYS + 2) * DAY_MS);
  const run = await monitorOrders(f.deps);
  expect(run.adopted).toEqual([expect.objectContaining({ analysisId: 'D1', outcome: 'placed' })]);
  await monitorOrders(f.deps);
  expect((await f.trade('NVDA')).status).toBe('POSITION');
  const stops = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.symbol === 'NVDA' && o.type === 'stop');
  expect(stops.reduce((sum, o) => sum + o.qty, 0)).toBe(45);
});
