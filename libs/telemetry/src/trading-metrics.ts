import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StreamStatus } from '@trading-monitor/workflows';
import type { BookFigures } from './book-figures';

/** The last run of each job that finished, as the log's `job.done` events tell it. */
export type LastRuns = Record<string, { at: string; outcome: 'done' | 'failed' }>;

/**
 * The scheduler's Prometheus metrics. Job figures come from the log's events (the tap), broker
 * figures from the metered broker, book figures from the journal when Prometheus scrapes.
 */
export class TradingMetrics {
  readonly registry = new Registry();
  readonly lastRuns: LastRuns = {};
  private readonly jobRuns = new Counter({
    name: 'trading_monitor_job_runs_total',
    help: 'Job runs by job and outcome (done, failed, skipped).',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'trading_monitor_job_duration_seconds',
    help: 'How long a job run took.',
    labelNames: ['job'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly brokerCalls = new Counter({
    name: 'trading_monitor_broker_calls_total',
    help: 'Broker requests by endpoint (port method).',
    labelNames: ['endpoint'],
    registers: [this.registry],
  });
  private readonly brokerErrors = new Counter({
    name: 'trading_monitor_broker_errors_total',
    help: 'Broker requests that failed, by endpoint and error.',
    labelNames: ['endpoint', 'error'],
    registers: [this.registry],
  });
  private readonly tradesClosed = new Counter({
    name: 'trading_monitor_trades_closed_total',
    help: 'Trades closed by exit reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor(readBook: () => Promise<BookFigures>) {
    const registry = this.registry;
    // One journal read per scrape, shared by the three gauges.
    let pending: Promise<BookFigures> | null = null;
    const book = () => (pending ??= readBook().finally(() => setTimeout(() => (pending = null), 0)));
    new Gauge({
      name: 'trading_monitor_open_trades',
      help: 'Trades ordered or holding a position.',
      registers: [registry],
      async collect() {
        this.set((await book()).openTrades);
      },
    });
    new Gauge({
      name: 'trading_monitor_unprotected_shares',
      help: 'Shares held with no working stop: should be 0.',
      registers: [registry],
      async collect() {
        this.set((await book()).unprotected.reduce((sum, p) => sum + p.shares, 0));
      },
    });
    new Gauge({
      name: 'trading_monitor_realized_pnl_today_dollars',
      help: 'Realized P&L of the trades closed today (New York). A float here only: the journal keeps it exact.',
      registers: [registry],
      async collect() {
        this.set(Number((await book()).realizedPnlToday));
      },
    });
  }

  /** Reads one log event (the logger's tap). */
  readonly observe = (line: Record<string, unknown>): void => {
    const job = typeof line['job'] === 'string' ? line['job'] : '';
    const seconds = typeof line['ms'] === 'number' ? line['ms'] / 1000 : null;
    switch (line['event']) {
      case 'job.done':
      case 'job.failed': {
        const outcome = line['event'] === 'job.done' ? 'done' : 'failed';
        this.jobRuns.inc({ job, outcome });
        if (seconds !== null) this.jobDuration.observe({ job }, seconds);
        this.lastRuns[job] = { at: typeof line['time'] === 'string' ? line['time'] : new Date().toISOString(), outcome };
        break;
      }
      case 'job.skipped':
        this.jobRuns.inc({ job, outcome: 'skipped' });
        break;
      case 'trade.closed':
        this.tradesClosed.inc({ reason: String(line['reason'] ?? 'unknown') });
        break;
    }
  };

  /**
   * Gauges of the process's trade_updates stream, read at scrape time: connected (1/0; alert on 0
   * for minutes during market hours) and the time of its last event.
   */
  watchStream(status: () => StreamStatus | null): void {
    new Gauge({
      name: 'trading_monitor_order_events_connected',
      help: 'The trade_updates stream is connected (1) or not (0: down, reconnecting or off; polling only).',
      registers: [this.registry],
      collect() {
        this.set(status()?.state === 'connected' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'trading_monitor_order_events_last_event_seconds',
      help: 'Unix time of the last trade_updates event received (0: none yet).',
      registers: [this.registry],
      collect() {
        this.set((status()?.lastEventAt?.getTime() ?? 0) / 1000);
      },
    });
  }

  brokerCall(endpoint: string, error?: unknown): void {
    this.brokerCalls.inc({ endpoint });
    if (error !== undefined) this.brokerErrors.inc({ endpoint, error: error instanceof Error ? error.name : 'Error' });
  }
}
