import { ExecutionLog, recordAudit, type EntityManager } from '@trading-monitor/persistence';
import { STREAM_JOB } from './sync-order-event';

export type StreamState = 'off' | 'connecting' | 'connected' | 'down';

/** What the scheduler's trade-updates stream is doing, for /health and the start banner. */
export interface StreamStatus {
  state: StreamState;
  since: Date;
  /** Why it is down (the last connect error or drop), when it is. */
  reason?: string;
  /** Successful connects since the process started (the first one included). */
  connects: number;
  lastEventAt?: Date;
}

/** How often a running listener confirms its recorded state (the row's details.heartbeatAt). */
export const STREAM_HEARTBEAT_MS = 30_000;
/**
 * A recorded state not confirmed for this long is not believed: the scheduler that wrote it was
 * killed (SIGKILL, power, OOM) without recording `off`. Four missed heartbeats, so a slow database
 * or a long pause of the event loop does not raise a false alarm.
 */
export const STREAM_STALE_AFTER_MS = 4 * STREAM_HEARTBEAT_MS;

/** The stream's state as recorded in execution_log, with when its listener last confirmed it. */
export interface RecordedStream {
  state: StreamState;
  since: Date | null;
  message: string | null;
  /** The last heartbeat of the listener that recorded it (the state change itself when none came yet). */
  seenAt: Date | null;
  lastEventAt: Date | null;
}

/** One row in execution_log per state change (job trade-updates), so `status` and `health` in another process can read it. Returns its id (for heartbeats). */
export async function recordStreamState(manager: EntityManager, status: StreamStatus, message: string): Promise<number> {
  return recordAudit(manager, {
    job: STREAM_JOB,
    action: `stream.${status.state}`,
    outcome: status.state === 'down' ? 'alarm' : 'info',
    message,
    details: {
      state: status.state,
      reason: status.reason ?? null,
      connects: status.connects,
      heartbeatAt: status.since.toISOString(),
      lastEventAt: status.lastEventAt?.toISOString() ?? null,
    },
    at: status.since,
  });
}

/**
 * Confirms the state row `id` is still true: sets its details.heartbeatAt (and the last event's
 * time). The one row is updated rather than a row added per beat, so the audit trail keeps one
 * line per state change, not 2,880 a day.
 */
export async function recordStreamHeartbeat(manager: EntityManager, id: number, at: Date, lastEventAt: Date | undefined): Promise<void> {
  await manager.query(`UPDATE execution_log SET details = COALESCE(details, '{}'::jsonb) || $1::jsonb WHERE id = $2`, [
    JSON.stringify({ heartbeatAt: at.toISOString(), lastEventAt: lastEventAt?.toISOString() ?? null }),
    id,
  ]);
}

/** The stream's last recorded state: `off` when no scheduler ever ran one (simulated broker). */
export async function readStreamState(manager: EntityManager): Promise<RecordedStream> {
  const last = await manager
    .getRepository(ExecutionLog)
    .createQueryBuilder('l')
    .where('l.job = :job AND l.action LIKE :action', { job: STREAM_JOB, action: 'stream.%' })
    .orderBy('l.id', 'DESC')
    .getOne();
  if (!last) return { state: 'off', since: null, message: null, seenAt: null, lastEventAt: null };
  const details = last.details ?? {};
  return {
    state: last.action.slice('stream.'.length) as StreamState,
    since: last.createdAt ?? null,
    message: last.message,
    seenAt: dateOf(details['heartbeatAt']) ?? last.createdAt ?? null,
    lastEventAt: dateOf(details['lastEventAt']),
  };
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The stream as `status` and `health` show it: degraded (not failed) when down, as polling still
 * runs; unknown (and degraded) when the listener that recorded it stopped confirming it.
 */
export function describeStream(
  recorded: Omit<RecordedStream, 'lastEventAt'> & { lastEventAt?: Date | null },
  now: Date,
): { degraded: boolean; detail: string } {
  const since = recorded.since ? ` since ${recorded.since.toISOString()}` : '';
  const seenAt = recorded.seenAt ?? recorded.since;
  if (recorded.state !== 'off' && seenAt && now.getTime() - seenAt.getTime() > STREAM_STALE_AFTER_MS) {
    return {
      degraded: true,
      detail:
        `DEGRADED: trade_updates stream unknown — last seen ${recorded.state} at ${seenAt.toISOString()} (${Math.round((now.getTime() - seenAt.getTime()) / 60_000)} min ago); ` +
        'the scheduler that recorded it stopped reporting (killed, or its database connection lost). Check the scheduler process; orders are checked by monitor-orders every 5 minutes while it runs',
    };
  }
  const lastEvent = recorded.lastEventAt ? `, last event ${recorded.lastEventAt.toISOString()}` : '';
  switch (recorded.state) {
    case 'connected':
      return { degraded: false, detail: `trade_updates stream connected${since}${lastEvent}: fills are acted on within seconds` };
    case 'off':
      return {
        degraded: false,
        detail: 'no trade_updates stream running (simulated broker, or no scheduler): orders are checked by monitor-orders every 5 minutes',
      };
    default:
      return {
        degraded: true,
        detail: `DEGRADED: trade_updates stream ${recorded.state}${since} (${recorded.message ?? 'no detail'}); orders are checked by monitor-orders every 5 minutes until it is back`,
      };
  }
}
