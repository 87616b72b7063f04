import type { BrokerConfig } from '@trading-monitor/config';
import { alpacaEndpoints } from '../alpaca/alpaca-endpoints';
import { AlpacaTradeUpdateStream } from './alpaca-trade-update-stream';
import type { TradeUpdateStream } from './trade-update-stream';

/**
 * The order-event stream of the configured broker: Alpaca's trade_updates at the trading host
 * (ALPACA_TRADING_URL's host when set, so the loopback server's /stream in tests); none for the
 * simulated broker, whose orders change only when a job runs.
 */
export function createTradeUpdateStream(config: BrokerConfig): TradeUpdateStream | null {
  if (config.kind !== 'alpaca') return null;
  const { tradingUrl } = alpacaEndpoints(config);
  return new AlpacaTradeUpdateStream({ tradingUrl, keyId: config.keyId, secretKey: config.secretKey });
}
