import { recordAudit } from '@trading-monitor/persistence';
import { newYorkDate } from '@trading-monitor/broker';
import { describeError, type JobDeps } from '@trading-monitor/workflows';
import type { MarketGate } from './market-gate';
import type { RunWindow } from './schedule';
import type { JobFunction, JobResult } from './scheduled-jobs';

/** What the runner needs of a `Runtime`: the job dependencies, and a way to save the simulated account. */
export type JobRuntime = JobDeps & { flush(): Promise<void> };

export type RunOutcome = { outcome: 'done'; result: JobResult } | { outcome: 'skipped'; reason: string } | { outcome: 'failed'; error: string };

export interface JobRunner {
  /**
   * One tick of a job: asks the gate, runs the job, logs `job.done` with its counts. Never throws —
   * a failure is logged, recorded in execution_log, and left to the next tick — because it runs
   * inside Agenda's handler, where a throw would only become Agenda's retry, not ours.
   */
  run(job: string, window: RunWindow, scheduledFor: Date): Promise<RunOutcome>;
}

export function createJobRunner(runtime: JobRuntime, options: { jobs: Readonly<Record<string, JobFunction>>; gate: MarketGate }): JobRunner {
  const { log } = runtime;
  const skipLog = createSkipLog(runtime);

  return {
    async run(job, window, scheduledFor) {
      const started = Date.now();
      const at = scheduledFor.toISOString();
      try {
        const decision = await options.gate.check(window, scheduledFor);
        if (!decision.go) {
          skipLog(job, scheduledFor, decision.reason);
          return { outcome: 'skipped', reason: decision.reason };
        }
        const run = options.jobs[job];
        if (!run) throw new Error(`No job is called "${job}"`);
        const result = await run(runtime, { scheduledFor });
        await runtime.flush();
        const line = { ...result.counts, event: 'job.done', job, scheduledFor: at, ms: Date.now() - started };
        if (result.problems.length === 0) log.info(line, `${job} done.`);
        else log.warn({ ...line, problems: result.problems }, `${job} done with ${result.problems.length} problem(s): ${result.problems[0]}`);
        return { outcome: 'done', result };
      } catch (error) {
        const message = `${job} failed: ${describeError(error)}. The next scheduled run tries again.`;
        log.error({ event: 'job.failed', job, scheduledFor: at, ms: Date.now() - started, err: error }, message);
        await recordAudit(runtime.dataSource.manager, {
          job,
          action: 'job.run',
          outcome: 'failed',
          message,
          details: { scheduledFor: at },
          at: runtime.clock.now(),
        }).catch((auditError: unknown) =>
          log.error({ event: 'audit.failed', job, err: auditError }, `Could not record the failure of ${job} in execution_log: ${describeError(auditError)}`),
        );
        return { outcome: 'failed', error: describeError(error) };
      }
    },
  };
}

/**
 * A holiday skips a hundred-odd ticks: the first skip of each job on a New York day is logged as
 * info (the scheduler is alive and why it does nothing), the rest as debug.
 */
function createSkipLog(runtime: JobRuntime): (job: string, tick: Date, reason: string) => void {
  let day = '';
  const announced = new Set<string>();
  return (job, tick, reason) => {
    const date = newYorkDate(tick);
    if (date !== day) {
      day = date;
      announced.clear();
    }
    const line = { event: 'job.skipped', job, scheduledFor: tick.toISOString(), reason };
    const message = `${job} skipped: ${reason}.`;
    if (announced.has(job)) return runtime.log.debug(line, message);
    announced.add(job);
    runtime.log.info(line, message);
  };
}
