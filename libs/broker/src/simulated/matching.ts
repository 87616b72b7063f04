import type { Price } from '@trading-monitor/domain';
import type { SimOrder } from './sim-order';

export interface Execution {
  price: Price;
  /** The order is a stop that this price triggered. */
  triggers: boolean;
}

/**
 * Whether a working order executes at the market's last price, and at what price. The fill is at
 * the market price: for a marketable limit that is the better of limit and market, and for a stop
 * it is wherever the market is once the stop is touched, so a gap through a stop fills at the gap.
 */
export function executionAt(order: SimOrder, market: Price): Execution | undefined {
  switch (order.type) {
    case 'market':
      return { price: market, triggers: false };
    case 'limit': {
      const limit = order.limitPrice;
      if (!limit) return undefined;
      const marketable = order.side === 'buy' ? !market.isAbove(limit) : !market.isBelow(limit);
      return marketable ? { price: market, triggers: false } : undefined;
    }
    case 'stop': {
      if (order.triggered) return { price: market, triggers: false };
      const stop = order.stopPrice;
      if (!stop) return undefined;
      const touched = order.side === 'sell' ? !market.isAbove(stop) : !market.isBelow(stop);
      return touched ? { price: market, triggers: true } : undefined;
    }
  }
}
