/**
 * The schedule (docs/schedule.md) as data: which job runs when, New York wall time, Monday to Friday. Cron cannot say
 * "every 5 minutes from 09:30 to 16:00" in one expression, so a job has several runs; each run
 * becomes one Agenda job (see `agendaJobName`). Holidays and early closes are not in the crons:
 * the market gate asks the broker's calendar at each tick (market-gate.ts).
 */

/** When the broker's calendar lets a run go ahead. */
export type RunWindow =
  /** Inside the day's session, open and close included: none on a holiday, until 13:00 on an early close. */
  | 'session'
  /** On any trading day, whatever the hour: the evening runs, which also happen after an early close. */
  | 'trading-day';

export interface ScheduledRun {
  /** Five fields (six with seconds), read in America/New_York. */
  cron: string;
  window: RunWindow;
}

export interface ScheduledJob {
  /** What runs: a key of the job table (scheduled-jobs.ts). */
  job: string;
  /** The schedule in words (New York time), for the start banner. */
  when: string;
  runs: readonly ScheduledRun[];
}

export const SCHEDULE = [
  {
    job: 'execute-decisions',
    when: '09:45, Mon–Fri',
    runs: [{ cron: '45 9 * * 1-5', window: 'session' }],
  },
  {
    job: 'monitor-orders',
    when: 'every 5 min 09:30–16:00 and 18:00, Mon–Fri',
    runs: [
      { cron: '30-55/5 9 * * 1-5', window: 'session' },
      { cron: '*/5 10-15 * * 1-5', window: 'session' },
      { cron: '0 16 * * 1-5', window: 'session' },
      { cron: '0 18 * * 1-5', window: 'trading-day' },
    ],
  },
  {
    job: 'monitor-positions',
    when: 'every 10 min 09:30–16:00 and 18:15, Mon–Fri',
    runs: [
      { cron: '30-50/10 9 * * 1-5', window: 'session' },
      { cron: '*/10 10-15 * * 1-5', window: 'session' },
      { cron: '0 16 * * 1-5', window: 'session' },
      { cron: '15 18 * * 1-5', window: 'trading-day' },
    ],
  },
] as const satisfies readonly ScheduledJob[];

/** Agenda keeps one row per job name, so each run of a job needs its own: `monitor-orders@0 18 * * 1-5`. */
export function agendaJobName(job: string, run: ScheduledRun): string {
  return `${job}@${run.cron}`;
}
