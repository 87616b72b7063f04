import { createJobStore, type JobStore } from '../job-store';
import type { MarketGate } from '../market-gate';
import type { JobFunction } from '../scheduled-jobs';
import { startScheduler } from '../scheduler';
import { createSchedulerTestDatabase, type SchedulerTestDatabase } from '../testing/scheduler-runtime';
import { schedulerCheck } from './scheduler-check';

const OPEN: MarketGate = { check: async () => ({ go: true }) };
const nothing: JobFunction = async () => ({ counts: {}, problems: [] });
const MINUTE = 60_000;

let t: SchedulerTestDatabase;
let store: JobStore;
beforeEach(async () => {
  t = await createSchedulerTestDatabase();
  const config = await t.openRuntime().then(async (runtime) => (await runtime.close(), runtime.config));
  store = createJobStore(config, { connectionString: t.db.url, options: '' });
  await store.connect();
});
afterEach(async () => {
  await store.close();
  await t.close();
});

it('is fine with a store no scheduler has used yet', async () => {
  expect(await schedulerCheck(store.backend, new Date())).toEqual({
    component: 'scheduler',
    ok: true,
    detail: 'no scheduler has run against this job store yet (start it with `nx run scheduler:serve` or the service)',
  });
});

it('reports a scheduler that stopped taking runs, from the job store alone', async () => {
  const scheduler = await startScheduler(await t.openRuntime(), {
    jobs: { 'execute-decisions': nothing, 'monitor-orders': nothing, 'monitor-positions': nothing },
    gate: OPEN,
  });
  expect(await scheduler.overdue()).toEqual([]);
  await scheduler.stop(); // the process dies: nothing moves the next runs on any more

  const [{ next }] = await t.query<{ next: Date }>('SELECT min(next_run_at) AS next FROM agenda_jobs');
  expect((await schedulerCheck(store.backend, new Date(next.getTime() + MINUTE))).ok).toBe(true); // a minute late is a poll away
  const dead = await schedulerCheck(store.backend, new Date(next.getTime() + 10 * MINUTE));
  expect(dead.ok).toBe(false);
  expect(dead.detail).toMatch(
    /^NOT RUNNING: (\d+ jobs, first|job) \S+ was due \w{3} \d+ \w{3} \d\d:\d\d New York and has not run\. Is the scheduler process up\?/,
  );
});
