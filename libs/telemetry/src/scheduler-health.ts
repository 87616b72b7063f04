import type { JobDeps, StreamStatus } from '@trading-monitor/workflows';
import type { BookFigures, UnprotectedPosition } from './book-figures';
import { streamHealth, type StreamHealth } from './stream-health';
import type { LastRuns } from './trading-metrics';

export interface ComponentHealth {
  ok: boolean;
  detail: string;
}

/** What `GET /health` answers: 200 when `healthy`, else 503. */
export interface SchedulerHealth {
  healthy: boolean;
  checkedAt: string;
  database: ComponentHealth;
  broker: ComponentHealth;
  jobStore: ComponentHealth;
  /** The last finished run of each job this process ran (done or failed), since it started. */
  lastRuns: LastRuns;
  unprotectedPositions: UnprotectedPosition[];
  /** The trade_updates stream: degraded (not unhealthy) when down, since polling still runs. */
  orderEvents: StreamHealth;
}

export interface SchedulerHealthSources {
  runtime: Pick<JobDeps, 'dataSource' | 'broker' | 'clock'>;
  /** Jobs overdue in the job store (the scheduler's `overdue()`). */
  overdue(): Promise<Array<{ name: string; dueAt: Date }>>;
  storeKind: string;
  lastRuns: LastRuns;
  book(): Promise<BookFigures>;
  /** The process's trade_updates listener, when it runs one. */
  orderEvents?: () => StreamStatus | null;
  timeoutMs?: number;
}

/**
 * The scheduler's own view of its health, each part checked on its own with a time limit, so one
 * part down still reports the rest. Unprotected shares make it unhealthy: they need a person.
 */
export async function schedulerHealth(sources: SchedulerHealthSources): Promise<SchedulerHealth> {
  const timeoutMs = sources.timeoutMs ?? 5_000;
  const check = async (work: () => Promise<string>): Promise<ComponentHealth> => {
    try {
      return { ok: true, detail: await withTimeout(work(), timeoutMs) };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  };
  const { runtime } = sources;
  const database = await check(async () => (await runtime.dataSource.query('SELECT 1'), 'answers'));
  const broker = await check(async () => {
    const clock = await runtime.broker.getClock();
    return `answers; market ${clock.isOpen ? 'open' : 'closed'}`;
  });
  const jobStore = await check(async () => {
    const overdue = await sources.overdue();
    if (overdue.length > 0)
      throw new Error(`${sources.storeKind}: ${overdue.length} job(s) overdue, first ${overdue[0].name.split('@')[0]} due ${overdue[0].dueAt.toISOString()}`);
    return `${sources.storeKind}: no job overdue`;
  });
  let unprotectedPositions: UnprotectedPosition[] = [];
  let bookReadable = true;
  try {
    unprotectedPositions = (await withTimeout(sources.book(), timeoutMs)).unprotected;
  } catch {
    bookReadable = false;
  }
  return {
    healthy: database.ok && broker.ok && jobStore.ok && bookReadable && unprotectedPositions.length === 0,
    checkedAt: runtime.clock.now().toISOString(),
    database,
    broker,
    jobStore,
    lastRuns: sources.lastRuns,
    unprotectedPositions,
    orderEvents: streamHealth(sources.orderEvents?.() ?? null),
  };
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
