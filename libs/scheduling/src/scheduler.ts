import { Agenda } from 'agenda';
import { hostname } from 'node:os';
import { MARKET_ZONE, type ManagedBroker } from '@trading-monitor/broker';
import type { Config } from '@trading-monitor/config';
import type { Database } from '@trading-monitor/persistence';
import { assertCron, cronTickAt } from './cron-times';
import { createJobRunner, type JobRuntime } from './job-runner';
import { createJobStore, type JobStore } from './job-store';
import { createMarketGate, type MarketGate } from './market-gate';
import { planNextRuns, type JobPlan } from './next-runs';
import { overdueJobs, type OverdueJob } from './overdue-jobs';
import { trackRunningJobs } from './running-jobs';
import { SCHEDULE, agendaJobName, type ScheduledJob } from './schedule';
import { SCHEDULED_JOBS, type JobFunction } from './scheduled-jobs';

/** What a scheduler runs on: the runtime the apps open (@trading-monitor/runtime) is one. */
export interface SchedulerRuntime extends JobRuntime {
  /** Its kind goes in the start banner. */
  broker: ManagedBroker;
  /** Where the job store lives: MONGODB_URL, else the trading database. */
  config: Config;
  database: Pick<Database, 'connection'>;
  /** Flushes and closes the database: `stop()` calls it once the last running job has saved. */
  close(): Promise<void>;
}

export interface SchedulerOptions {
  /** Default SCHEDULE (docs/schedule.md). Tests pass a short one. */
  schedule?: readonly ScheduledJob[];
  /** What each job name of the schedule runs. Default SCHEDULED_JOBS. */
  jobs?: Readonly<Record<string, JobFunction>>;
  /** Default: the broker's calendar. */
  gate?: MarketGate;
  /** Default: MongoDB when configured, else the trading database (createJobStore). */
  store?: JobStore;
  /** How often Agenda looks for due runs, ms. Agenda's default is 5 s. */
  processEvery?: number;
  /**
   * How long a run holds its lock, ms: if its process dies mid-run, other schedulers wait this long
   * before taking the job again. Default Agenda's 10 minutes, far above any run's length.
   */
  lockLifetimeMs?: number;
  /** How long `stop()` waits for running jobs before closing anyway. Default 10 minutes. */
  stopTimeoutMs?: number;
}

export interface Scheduler {
  store: JobStore['kind'];
  /** Each job with its next run the calendar lets through, for the start banner. */
  plans: JobPlan[];
  /** Jobs the store says are overdue: none while this (or another) scheduler polls the store. */
  overdue(): Promise<OverdueJob[]>;
  /** Takes no new run, lets running ones finish (and save), then closes the job store and the runtime. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10 * 60_000;
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Runs the schedule on Agenda. Any number of schedulers may share one job store: Agenda locks each
 * due run in the store, so each tick runs once, in whichever process takes it first.
 */
export async function startScheduler(runtime: SchedulerRuntime, options: SchedulerOptions = {}): Promise<Scheduler> {
  const { log } = runtime;
  const schedule = options.schedule ?? SCHEDULE;
  const jobs: Readonly<Record<string, JobFunction>> = options.jobs ?? SCHEDULED_JOBS;
  for (const { job, runs } of schedule) {
    if (!jobs[job]) throw new Error(`The schedule names a job "${job}" that does not exist.`);
    runs.forEach((run) => assertCron(run.cron));
  }
  const gate = options.gate ?? createMarketGate({ broker: runtime.broker, log });
  const runner = createJobRunner(runtime, { jobs, gate });
  const store = options.store ?? createJobStore(runtime.config, runtime.database.connection, { log, applicationName: 'trading-monitor scheduler jobs' });

  let agenda: Agenda | undefined;
  try {
    await store.connect();
    // Named per process: Agenda ignores state events from its own name, and the table shows who ran what.
    agenda = new Agenda({
      backend: store.backend,
      name: `${hostname()}:${process.pid}`,
      processEvery: options.processEvery,
      defaultLockLifetime: options.lockLifetimeMs,
    });
    // Store trouble (a lost connection) is reported here and retried by Agenda at its next poll.
    agenda.on('error', (error: Error) =>
      log.warn({ event: 'scheduler.store-error', err: error }, `The job store reported a problem (${error.message}); the scheduler carries on.`),
    );
    const running = trackRunningJobs(agenda);
    await agenda.ready;
    for (const { job, runs } of schedule) {
      for (const run of runs) {
        const name = agendaJobName(job, run);
        agenda.define(name, async (agendaJob) => {
          await runner.run(job, run.window, cronTickAt(run.cron, agendaJob.attrs.lastRunAt ?? new Date()));
        });
        // Upserts the job's single row; skipImmediate: no run at start, only at the next tick.
        await agenda.every(run.cron, name, { job }, { timezone: MARKET_ZONE, skipImmediate: true });
      }
    }
    await agenda.start();
    const plans = await planNextRuns(schedule, gate, runtime.clock.now());
    log.info({ event: 'scheduler.started', store: store.kind, broker: runtime.broker.kind }, 'Scheduler started.');

    const started = agenda;
    let stopping: Promise<void> | undefined;
    const stop = async () => {
      log.info({ event: 'scheduler.stopping', running: running.count() }, running.count() > 0 ? 'Stopping once the running job has finished.' : 'Stopping.');
      // No new runs; runs this process had queued but not begun are unlocked for another scheduler.
      await started.stop(false).catch((error: unknown) => log.warn({ event: 'scheduler.stop-error', err: error }, 'Agenda did not stop cleanly.'));
      const idle = await running.whenIdle(options.stopTimeoutMs ?? STOP_TIMEOUT_MS);
      if (!idle) {
        log.warn(
          { event: 'scheduler.stop-timeout', running: running.count() },
          'A job is still running after the stop timeout; closing anyway. Its lock expires and the next tick runs normally.',
        );
      }
      try {
        await store.close();
        log.info({ event: 'scheduler.stopped', idle }, idle ? 'Scheduler stopped: no job running, job store closed.' : 'Scheduler stopped; job store closed.');
      } finally {
        await closeRuntime(runtime);
      }
    };
    return { store: store.kind, plans, overdue: () => overdueJobs(store.backend, runtime.clock.now()), stop: () => (stopping ??= stop()) };
  } catch (error) {
    await agenda?.stop(false).catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Closes the runtime, waiting at most CLOSE_TIMEOUT_MS: an embedded database that a terminal's
 * Ctrl-C has already stopped (it shares the process group) never reports its exit.
 */
async function closeRuntime(runtime: SchedulerRuntime): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS)));
  try {
    if ((await Promise.race([runtime.close(), timedOut])) === 'timeout') {
      runtime.log.warn({ event: 'runtime.close-timeout' }, `The database did not close within ${CLOSE_TIMEOUT_MS / 1000} s; leaving it.`);
    }
  } finally {
    clearTimeout(timer);
  }
}
