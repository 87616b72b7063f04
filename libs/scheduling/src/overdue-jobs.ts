import type { AgendaBackend } from 'agenda';

/** A job the store says should have run by now and has not: no scheduler is taking runs. */
export interface OverdueJob {
  /** Agenda's job name: the job and its cron. */
  name: string;
  dueAt: Date;
}

/**
 * Agenda keeps each recurring job's next run in the store and moves it on as soon as a scheduler
 * takes the run, whether the market gate then lets it through or not. A next run well in the past
 * therefore means no scheduler process is polling this store. Three minutes leave room for
 * Agenda's 5-second poll and a clock a little off.
 */
export const OVERDUE_AFTER_MS = 3 * 60_000;

export async function overdueJobs(backend: AgendaBackend, now: Date): Promise<OverdueJob[]> {
  const { jobs } = await backend.repository.queryJobs({});
  return jobs
    .filter((job) => job.nextRunAt && now.getTime() - new Date(job.nextRunAt).getTime() > OVERDUE_AFTER_MS)
    .map((job) => ({ name: job.name, dueAt: new Date(job.nextRunAt as Date) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/** How many recurring jobs the store holds: none means no scheduler has ever run against it. */
export async function scheduledJobCount(backend: AgendaBackend): Promise<number> {
  return (await backend.repository.queryJobs({})).total;
}
