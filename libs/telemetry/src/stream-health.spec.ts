import type { StreamStatus } from '@trading-monitor/workflows';
import { streamHealth } from './stream-health';
import { TradingMetrics } from './trading-metrics';

const book = async () => ({ openTrades: 0, unprotected: [], realizedPnlToday: '0.00' });

describe("the trade_updates stream in the scheduler's /health and /metrics", () => {
  let status: StreamStatus | null = null;

  it('connected: since when and the last event, not degraded', () => {
    status = { state: 'connected', since: new Date('2025-01-15T14:30:00Z'), connects: 2, lastEventAt: new Date('2025-01-15T14:31:05Z') };
    expect(streamHealth(status)).toEqual({
      state: 'connected',
      since: '2025-01-15T14:30:00.000Z',
      reason: null,
      connects: 2,
      lastEventAt: '2025-01-15T14:31:05.000Z',
      degraded: false,
      detail: 'connected since 2025-01-15T14:30:00.000Z, last event 2025-01-15T14:31:05.000Z: fills are acted on within seconds',
    });
  });

  it('down: reconnecting since when and why, degraded (polling still runs)', () => {
    status = { state: 'down', since: new Date('2025-01-15T14:40:00Z'), connects: 2, reason: 'stream closed by the broker (code 1006)' };
    expect(streamHealth(status)).toMatchObject({
      state: 'down',
      degraded: true,
      detail:
        'reconnecting since 2025-01-15T14:40:00.000Z (stream closed by the broker (code 1006)): fills wait for the 5-minute monitor-orders run until the stream is back',
    });
  });

  it('no listener (simulated broker): off, not degraded', () => {
    expect(streamHealth(null)).toMatchObject({ state: 'off', degraded: false, connects: 0 });
  });

  it('gauges follow the listener at each scrape', async () => {
    const metrics = new TradingMetrics(book);
    metrics.watchStream(() => status);
    status = { state: 'connected', since: new Date('2025-01-15T14:30:00Z'), connects: 1, lastEventAt: new Date('2025-01-15T14:31:05Z') };
    let text = await metrics.registry.metrics();
    expect(text).toContain('trading_monitor_order_events_connected 1');
    expect(text).toContain('trading_monitor_order_events_last_event_seconds 1736951465');
    status = { ...status, state: 'down', since: new Date('2025-01-15T14:40:00Z') };
    text = await metrics.registry.metrics();
    expect(text).toContain('trading_monitor_order_events_connected 0');
  });
});
