import type { Agenda, Job } from 'agenda';

// A run Agenda has taken but not yet announced ('start' comes after one database write) must not be
// missed by a stop: the scheduler is idle only after this long with nothing running.
const QUIET_MS = 250;

export interface RunningJobs {
  count(): number;
  /** Resolves true once nothing of this process runs, false if `timeoutMs` passes first. */
  whenIdle(timeoutMs: number): Promise<boolean>;
}

/**
 * The runs of this process, from Agenda's 'start' and 'complete' events. 'complete' comes after the
 * job's state (its unlock) is saved, so once idle the store can be closed. Events re-emitted from
 * other processes (`remote`) are not ours.
 */
export function trackRunningJobs(agenda: Agenda): RunningJobs {
  const running = new Set<string>();
  let changed: () => void = () => undefined;
  agenda.on('start', (job: Job, remote?: boolean) => {
    if (remote !== true) running.add(String(job.attrs._id));
  });
  agenda.on('complete', (job: Job, remote?: boolean) => {
    if (remote === true) return;
    running.delete(String(job.attrs._id));
    changed();
  });

  return {
    count: () => running.size,
    async whenIdle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (running.size === 0) {
          await sleep(Math.min(QUIET_MS, Math.max(0, deadline - Date.now())));
          if (running.size === 0) return true;
        }
        const left = deadline - Date.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          changed = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        changed = () => undefined;
      }
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
