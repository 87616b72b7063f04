import { nextCronTime } from './cron-times';
import type { MarketGate } from './market-gate';
import { SCHEDULE, agendaJobName, type ScheduledJob } from './schedule';
import type { JobFunction } from './scheduled-jobs';
import { startScheduler, type Scheduler } from './scheduler';
import { createSchedulerTestDatabase, type SchedulerTestDatabase } from './testing/scheduler-runtime';

const OPEN: MarketGate = { check: async () => ({ go: true }) };
const nothing: JobFunction = async () => ({ counts: {}, problems: [] });

let t: SchedulerTestDatabase;
let scheduler: Scheduler | undefined;
beforeEach(async () => (t = await createSchedulerTestDatabase()));
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await t.close();
});

interface JobRow {
  name: string;
  repeat_interval: string;
  repeat_timezone: string;
  next_run_at: Date;
  locked_at: Date | null;
}

describe('scheduler on Agenda (PostgreSQL job store)', () => {
  it('registers every run of the schedule (docs/schedule.md) in New York time, next runs as cron computes them', async () => {
    const before = new Date();
    scheduler = await startScheduler(await t.openRuntime(), {
      jobs: { 'execute-decisions': nothing, 'monitor-orders': nothing, 'monitor-positions': nothing },
    });
    const after = new Date();

    expect(scheduler.store).toBe('postgres');
    expect(scheduler.plans.map((p) => p.job)).toEqual(['execute-decisions', 'monitor-orders', 'monitor-positions']);
    expect(scheduler.plans.every((p) => p.nextRunAt !== null)).toBe(true);

    const rows = await t.query<JobRow>('SELECT name, repeat_interval, repeat_timezone, next_run_at, locked_at FROM agenda_jobs ORDER BY name');
    const runs = SCHEDULE.flatMap(({ job, runs }) => runs.map((run) => ({ name: agendaJobName(job, run), cron: run.cron })));
    expect(rows.map((r) => r.name)).toEqual(runs.map((r) => r.name).sort());
    for (const row of rows) {
      const cron = runs.find((r) => r.name === row.name)?.cron ?? '';
      expect(row.repeat_interval).toBe(cron);
      expect(row.repeat_timezone).toBe('America/New_York');
      // skipImmediate: the first run is the next tick, not now.
      expect([nextCronTime(cron, before).getTime(), nextCronTime(cron, after).getTime()]).toContain(row.next_run_at.getTime());
    }
  });

  it('stop() lets a running job finish, then closes the job store and the runtime', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const log: string[] = [];
    const slow: JobFunction = async () => {
      log.push('start');
      started();
      await new Promise((resolve) => setTimeout(resolve, 600));
      log.push('finish');
      return { counts: {}, problems: [] };
    };
    const schedule: ScheduledJob[] = [{ job: 'slow', when: 'every second', runs: [{ cron: '* * * * * *', window: 'session' }] }];
    const runtime = await t.openRuntime();
    // A short lock lifetime only so that Agenda's lock watch (a timer of half of it) lets Jest exit soon.
    scheduler = await startScheduler(runtime, { schedule, jobs: { slow }, gate: OPEN, processEvery: 200, lockLifetimeMs: 1600 });

    await running;
    const stopping = scheduler.stop().then(() => log.push('stopped'));
    await stopping;
    scheduler = undefined;

    expect(log).toEqual(['start', 'finish', 'stopped']);
    const [row] = await t.query<JobRow>('SELECT locked_at FROM agenda_jobs WHERE name = $1', [agendaJobName('slow', schedule[0].runs[0])]);
    expect(row.locked_at).toBeNull(); // the finished run saved its state before the store closed
    expect(runtime.database.dataSource.isInitialized).toBe(false);
  });

  it('refuses a schedule that names a job that does not exist, or a cron that does not parse', async () => {
    const runtime = await t.openRuntime();
    try {
      await expect(startScheduler(runtime, { jobs: {} })).rejects.toThrow('The schedule names a job "execute-decisions" that does not exist.');
      const bad: ScheduledJob[] = [{ job: 'x', when: '', runs: [{ cron: '61 9 * * 1-5', window: 'session' }] }];
      await expect(startScheduler(runtime, { schedule: bad, jobs: { x: nothing } })).rejects.toThrow('Not a cron expression: "61 9 * * 1-5"');
    } finally {
      await runtime.close();
    }
  });
});
