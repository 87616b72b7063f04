import type { StreamState, StreamStatus } from '@trading-monitor/workflows';

/** The trade_updates stream as `GET /health` shows it: this process's own listener, live (not the recorded row). */
export interface StreamHealth {
  state: StreamState;
  /** Since when it is in this state (connected since, reconnecting since). */
  since: string | null;
  /** Why it is down, when it is. */
  reason: string | null;
  connects: number;
  lastEventAt: string | null;
  /** Down or reconnecting: fills wait for the 5-minute monitor-orders run. Not unhealthy: polling still works. */
  degraded: boolean;
  detail: string;
}

export function streamHealth(status: StreamStatus | null): StreamHealth {
  if (!status || status.state === 'off') {
    return {
      state: 'off',
      since: null,
      reason: null,
      connects: status?.connects ?? 0,
      lastEventAt: null,
      degraded: false,
      detail: 'no trade_updates stream (simulated broker): orders are checked by monitor-orders every 5 minutes',
    };
  }
  const since = status.since.toISOString();
  const lastEventAt = status.lastEventAt?.toISOString() ?? null;
  const base = { state: status.state, since, reason: status.reason ?? null, connects: status.connects, lastEventAt };
  if (status.state === 'connected') {
    return {
      ...base,
      degraded: false,
      detail: `connected since ${since}${lastEventAt ? `, last event ${lastEventAt}` : ', no event yet'}: fills are acted on within seconds`,
    };
  }
  return {
    ...base,
    degraded: true,
    detail: `reconnecting since ${since}${status.reason ? ` (${status.reason})` : ''}: fills wait for the 5-minute monitor-orders run until the stream is back`,
  };
}
