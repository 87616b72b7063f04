import type { AgendaBackend } from 'agenda';
import { DateTime } from 'luxon';
import { MARKET_ZONE } from '@trading-monitor/broker';
import { overdueJobs, scheduledJobCount } from '../overdue-jobs';
import type { HealthCheck } from './check-health';

/**
 * Is a scheduler taking the runs? Read from the job store, so `health` run anywhere sees a
 * scheduler process that died: its jobs' next runs stay in the past. A store no scheduler has
 * ever used is not a fault (a fresh install, or the CLI used on its own).
 */
export async function schedulerCheck(backend: AgendaBackend, now: Date): Promise<HealthCheck> {
  if ((await scheduledJobCount(backend)) === 0) {
    return {
      component: 'scheduler',
      ok: true,
      detail: 'no scheduler has run against this job store yet (start it with `nx run scheduler:serve` or the service)',
    };
  }
  const overdue = await overdueJobs(backend, now);
  if (overdue.length === 0) return { component: 'scheduler', ok: true, detail: 'every job has run on time' };
  const at = (d: Date) => DateTime.fromJSDate(d, { zone: MARKET_ZONE }).toFormat("ccc d LLL HH:mm 'New York'");
  const first = overdue[0];
  return {
    component: 'scheduler',
    ok: false,
    detail:
      `NOT RUNNING: ${overdue.length === 1 ? 'job' : `${overdue.length} jobs, first`} ${first.name.split('@')[0]} was due ${at(first.dueAt)} and has not run. ` +
      'Is the scheduler process up? Check `systemctl status trading-monitor` (or launchctl) and its log.',
  };
}
