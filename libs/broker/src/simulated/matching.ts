import { barExecution, pointBar, type Price } from '@trading-monitor/domain';
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
 * The rule is the domain's bar fill model (bar-fills.ts, shared with `replay`) on a bar of one price.
 */
export function executionAt(order: SimOrder, market: Price): Execution | undefined {
  return barExecution(order, pointBar(market));
}
