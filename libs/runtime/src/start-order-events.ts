import { createTradeUpdateStream, type TradeUpdateStream } from '@trading-monitor/broker';
import type { Config } from '@trading-monitor/config';
import { startTradeUpdateListener, type JobDeps, type TradeUpdateListener, type TradeUpdateListenerOptions } from '@trading-monitor/workflows';

/**
 * The scheduler's real-time path: with BROKER=alpaca (ALPACA_TRADING_URL's host, the loopback
 * server's in tests) it listens to trade_updates; with the simulated broker there is no stream
 * (orders there change only when a job runs) and it returns null.
 */
export function startOrderEvents(
  runtime: JobDeps & { config: Pick<Config, 'broker'> },
  options: TradeUpdateListenerOptions & { stream?: TradeUpdateStream } = {},
): TradeUpdateListener | null {
  const stream = options.stream ?? createTradeUpdateStream(runtime.config.broker);
  if (!stream) {
    runtime.log.info({ event: 'stream.off' }, 'No trade_updates stream with the simulated broker: orders are checked by the monitor-orders schedule.');
    return null;
  }
  return startTradeUpdateListener(runtime, stream, options);
}
