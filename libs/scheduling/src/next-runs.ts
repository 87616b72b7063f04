import { DateTime } from 'luxon';
import { MARKET_ZONE } from '@trading-monitor/broker';
import { cronTimes } from './cron-times';
import type { MarketGate } from './market-gate';
import type { ScheduledJob } from './schedule';

export interface JobPlan {
  job: string;
  when: string;
  /** The next tick the broker's calendar lets through; null when none within the horizon. */
  nextRunAt: Date | null;
}

// Longer than any run of weekends and holidays.
const HORIZON_DAYS = 14;

/** Each job's next run that will actually happen (holidays and early closes skipped), after `from`. */
export async function planNextRuns(schedule: readonly ScheduledJob[], gate: MarketGate, from: Date): Promise<JobPlan[]> {
  const horizon = new Date(from.getTime() + HORIZON_DAYS * 86_400_000);
  const plans: JobPlan[] = [];
  for (const { job, when, runs } of schedule) {
    let nextRunAt: Date | null = null;
    for (const run of runs) {
      for (const tick of cronTimes(run.cron, from)) {
        if (tick > horizon || (nextRunAt && tick >= nextRunAt)) break;
        if ((await gate.check(run.window, tick)).go) {
          nextRunAt = tick;
          break;
        }
      }
    }
    plans.push({ job, when, nextRunAt });
  }
  return plans;
}

/** `monitor-orders     every 5 min 09:30–16:00 and 18:00, Mon–Fri   next Mon 7 Jul 2025 09:30 EDT` */
export function describeJobPlan(plan: JobPlan): string {
  const next = plan.nextRunAt ? `next ${formatNewYork(plan.nextRunAt)}` : `no run in the next ${HORIZON_DAYS} days`;
  return `${plan.job.padEnd(18)} ${plan.when.padEnd(46)} ${next}`;
}

/** An instant as a New York wall time with its zone abbreviation: `Mon 7 Jul 2025 09:30 EDT`. */
export function formatNewYork(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MARKET_ZONE }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}
