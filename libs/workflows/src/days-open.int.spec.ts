import { executeDecisions } from './execute-decisions/execute-decisions';
import { monitorOrders } from './monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from './testing/workflow-fixture';

// days_open has one meaning: reviews while open (each executed NO_ACTION adds one), as its column
// description says; the trading days a trade has been open are not counted anywhere.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

it('days_open counts the NO_ACTION reviews of an open trade, not the days, and its column says so', async () => {
  await f.seedDecision('D1', 'NVDA', newTradeDecision('NVDA'));
  await executeDecisions(f.deps);
  f.sim.setPrice('NVDA', '133.80');
  await monitorOrders(f.deps);

  f.clock.set(new Date('2025-01-21T14:45:00Z')); // four trading days later (Monday the 20th was a holiday)
  await f.seedDecision('D2', 'NVDA', { symbol: 'NVDA', primary_action: 'NO_ACTION' });
  const first = await executeDecisions(f.deps);
  expect(first.decisions).toEqual([
    expect.objectContaining({ outcome: 'reviewed', message: expect.stringMatching(/reviewed \(review 1 while open; days_open 1\)\.$/) }),
  ]);
  expect(await f.trade('NVDA')).toMatchObject({ daysOpen: 1, lastReviewDate: '2025-01-21' });

  await f.seedDecision('D3', 'NVDA', { symbol: 'NVDA', primary_action: 'NO_ACTION' });
  await executeDecisions(f.deps);
  expect(await f.trade('NVDA')).toMatchObject({ daysOpen: 2 });

  const [{ description }] = await f.dataSource.query(
    `SELECT col_description('trade_journal'::regclass, attnum) AS description FROM pg_attribute WHERE attrelid = 'trade_journal'::regclass AND attname = 'days_open'`,
  );
  expect(description).toMatch(/^Reviews while open: each executed NO_ACTION decision/);
});
