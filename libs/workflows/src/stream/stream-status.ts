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

/** One row in execution_log per state change (job trade-updates), so `status` and `health` in another process can read it. */
export async function recordStreamState(manager: EntityManager, status: StreamStatus, message: string): Promise<void> {
  await recordAudit(manager, {
    job: STREAM_JOB,
    action: `stream.${status.state}`,
    outcome: status.state === 'down' ? 'alarm' : 'info',
    message,
    details: { state: status.state, reason: status.reason ?? null, connects: status.connects },
    at: status.since,
  });
}

/** The stream's last recorded state: `off` when no scheduler ever ran one (simulated broker). */
export async function readStreamState(manager: EntityManager): Promise<{ state: StreamState; since: Date | null; message: string | null }> {
  const last = await manager
    .getRepository(ExecutionLog)
    .createQueryBuilder('l')
    .where('l.job = :job AND l.action LIKE :action', { job: STREAM_JOB, action: 'stream.%' })
    .orderBy('l.id', 'DESC')
    .getOne();
  if (!last) return { state: 'off', since: null, message: null };
  return { state: last.action.slice('stream.'.length) as StreamState, since: last.createdAt ?? null, message: last.message };
}

/** The stream as `status` and `health` show it: degraded (not failed) when down, as polling still runs. */
export function describeStream(recorded: { state: StreamState; since: Date | null; message: string | null }): { degraded: boolean; detail: string } {
  const since = recorded.since ? ` since ${recorded.since.toISOString()}` : '';
  switch (recorded.state) {
    case 'connected':
      return { degraded: false, detail: `trade_updates stream connected${since}: fills are acted on within seconds` };
    case 'off':
      return { degraded: false, detail: 'no trade_updates stream running (simulated broker, or no scheduler): orders are checked by monitor-orders every 5 minutes' };
    default:
      return {
        degraded: true,
        detail: `DEGRADED: trade_updates stream ${recorded.state}${since} (${recorded.message ?? 'no detail'}); orders are checked by monitor-orders every 5 minutes until it is back`,
      };
  }
}
