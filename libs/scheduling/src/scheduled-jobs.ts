import { executeDecisions, monitorOrders, monitorPositions, type JobDeps } from '@trading-monitor/workflows';

/** What a scheduled run reports: the numbers of its `job.done` line, and what needs a person's eye. */
export interface JobResult {
  counts: Record<string, number>;
  /** Failures, alarms, mismatches, each a sentence. Any at all makes `job.done` a warning. */
  problems: string[];
}

export interface JobTick {
  /** The schedule time this run belongs to. */
  scheduledFor: Date;
}

export type JobFunction = (deps: JobDeps, tick: JobTick) => Promise<JobResult>;

/** The jobs SCHEDULE names, each reduced to counts and problems. */
export const SCHEDULED_JOBS = {
  'execute-decisions': async (deps) => {
    const summary = await executeDecisions(deps);
    const failed = summary.decisions.filter((d) => d.outcome === 'failed').map((d) => d.message);
    return { counts: { ...summary.counts }, problems: summary.stoppedEarly ? [...failed, summary.stoppedEarly] : failed };
  },
  'monitor-orders': async (deps) => {
    const s = await monitorOrders(deps);
    return {
      counts: {
        checked: s.checked,
        updated: s.updated,
        filled: s.filled,
        protected: s.protected,
        closed: s.closed.length,
        cancelled: s.cancelled.length,
        alarms: s.alarms.length,
        failed: s.failed.length,
      },
      problems: [...s.alarms, ...s.failed.map((f) => f.error)],
    };
  },
  'monitor-positions': async (deps) => {
    const s = await monitorPositions(deps);
    return {
      counts: {
        positions: s.positions,
        marked: s.marked,
        unpriced: s.unpriced.length,
        closed: s.closed.length,
        mismatches: s.mismatches.length,
        untracked: s.untracked.length,
        failed: s.failed.length,
      },
      // Untracked positions are counted, not raised: the account may hold positions opened by hand.
      problems: [...s.mismatches, ...s.failed.map((f) => f.error)],
    };
  },
} as const satisfies Record<string, JobFunction>;
