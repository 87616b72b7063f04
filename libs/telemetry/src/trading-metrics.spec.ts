import { NotFound, SimulatedBroker } from '@trading-monitor/broker';
import { meteredBroker } from './metered-broker';
import { TradingMetrics } from './trading-metrics';

const book = async () => ({ openTrades: 2, unprotected: [{ tradeId: 'T-1', symbol: 'NVDA', shares: 45 }], realizedPnlToday: '-134.10' });

describe('TradingMetrics', () => {
  it('counts job runs, failures and durations from the log events, and remembers the last run', async () => {
    const metrics = new TradingMetrics(book);
    metrics.observe({ event: 'job.done', job: 'monitor-orders', ms: 420, time: '2025-01-14T15:00:00.000Z' });
    metrics.observe({ event: 'job.done', job: 'monitor-orders', ms: 380 });
    metrics.observe({ event: 'job.failed', job: 'execute-decisions', ms: 50, time: '2025-01-14T14:45:00.000Z' });
    metrics.observe({ event: 'job.skipped', job: 'monitor-positions' });
    metrics.observe({ event: 'trade.closed', reason: 'STOPPED_OUT' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('trading_monitor_job_runs_total{job="monitor-orders",outcome="done"} 2');
    expect(text).toContain('trading_monitor_job_runs_total{job="execute-decisions",outcome="failed"} 1');
    expect(text).toContain('trading_monitor_job_runs_total{job="monitor-positions",outcome="skipped"} 1');
    expect(text).toContain('trading_monitor_job_duration_seconds_bucket{le="0.5",job="monitor-orders"} 2');
    expect(text).toContain('trading_monitor_job_duration_seconds_count{job="execute-decisions"} 1');
    expect(text).toContain('trading_monitor_trades_closed_total{reason="STOPPED_OUT"} 1');
    expect(metrics.lastRuns['execute-decisions']).toEqual({ at: '2025-01-14T14:45:00.000Z', outcome: 'failed' });
  });

  it('reads the book when scraped: open trades, unprotected shares, realized P&L today', async () => {
    const text = await new TradingMetrics(book).registry.metrics();
    expect(text).toContain('trading_monitor_open_trades 2');
    expect(text).toContain('trading_monitor_unprotected_shares 45');
    expect(text).toContain('trading_monitor_realized_pnl_today_dollars -134.1');
  });
});

describe('meteredBroker', () => {
  it('counts every request by endpoint and every failure by the port error, and passes the rest through', async () => {
    const metrics = new TradingMetrics(book);
    const broker = meteredBroker(new SimulatedBroker({ clock: { now: () => new Date('2025-01-14T15:00:00Z') } }), (e, err) => metrics.brokerCall(e, err));
    expect(broker.kind).toBe('simulated');
    await broker.getClock();
    await broker.listOrders({ status: 'open' });
    await expect(broker.getOrder('no-such-order')).rejects.toBeInstanceOf(NotFound);
    const text = await metrics.registry.metrics();
    expect(text).toContain('trading_monitor_broker_calls_total{endpoint="getClock"} 1');
    expect(text).toContain('trading_monitor_broker_calls_total{endpoint="getOrder"} 1');
    expect(text).toContain('trading_monitor_broker_errors_total{endpoint="getOrder",error="NotFound"} 1');
    expect(text).not.toContain('trading_monitor_broker_errors_total{endpoint="getClock"');
  });
});
