import type { Price } from './price';
import type { Side } from './side';

/**
 * The fill model: when a working order executes against the trades of one bar, and at what price.
 * One set of rules for the simulated broker (which matches on a single last price: a bar whose
 * open, high, low and close are that price, `pointBar`) and for `replay` (which plays 1-minute
 * bars of history):
 *
 * - a market order fills at the open;
 * - a buy limit fills when the bar trades at or below it: at the open when the bar opens there (a
 *   gap), else at the limit; a sell limit (a take-profit) mirrors it with the high;
 * - a sell stop triggers when the bar trades at or below it: at the open when the bar opens there
 *   (a gap through the stop fills at the gap), else at the stop; a buy stop mirrors it; a stop
 *   already triggered is a market order;
 * - a bar that reaches both legs of an exit (stop and take-profit) resolves to the stop unless told
 *   otherwise (`exitInBar`): a bar does not say which came first, and the pessimistic answer is the
 *   one a trader can rely on. A leg the bar opens through came first whatever the rule.
 *
 * What this model does not know, and callers must say: whether the market is open (nothing fills
 * outside regular trading hours), and partial fills (every fill here is the whole order).
 */

/** The trades of one interval: first, highest, lowest and last price. */
export interface Bar {
  open: Price;
  high: Price;
  low: Price;
  close: Price;
}

/** What the fill model needs of a working order. */
export interface WorkingOrder {
  side: Side;
  type: 'market' | 'limit' | 'stop';
  limitPrice: Price | null;
  stopPrice: Price | null;
  /** A stop whose trigger was touched earlier: from then on a market order. */
  triggered?: boolean;
}

export interface BarExecution {
  price: Price;
  /** The order is a stop that this bar triggered. */
  triggers: boolean;
  /** It executed at the bar's open (a gap, or a market order), before anything else in the bar. */
  atOpen: boolean;
}

/** Which leg a bar that reaches both the stop and the take-profit fills. */
export type BothInOneBar = 'stop' | 'target';

export const DEFAULT_BOTH_IN_ONE_BAR: BothInOneBar = 'stop';

/** A bar of one trade: what the simulated broker matches a price move against. */
export function pointBar(price: Price): Bar {
  return { open: price, high: price, low: price, close: price };
}

/** Whether the order executes in this bar, and at what price; undefined when it does not. */
export function barExecution(order: WorkingOrder, bar: Bar): BarExecution | undefined {
  const atOpen = (triggers = false): BarExecution => ({ price: bar.open, triggers, atOpen: true });
  switch (order.type) {
    case 'market':
      return atOpen();
    case 'limit': {
      const limit = order.limitPrice;
      if (!limit) return undefined;
      if (order.side === 'buy') {
        if (!bar.open.isAbove(limit)) return atOpen();
        return bar.low.isAbove(limit) ? undefined : { price: limit, triggers: false, atOpen: false };
      }
      if (!bar.open.isBelow(limit)) return atOpen();
      return bar.high.isBelow(limit) ? undefined : { price: limit, triggers: false, atOpen: false };
    }
    case 'stop': {
      if (order.triggered) return atOpen();
      const stop = order.stopPrice;
      if (!stop) return undefined;
      if (order.side === 'sell') {
        if (!bar.open.isAbove(stop)) return atOpen(true);
        return bar.low.isAbove(stop) ? undefined : { price: stop, triggers: true, atOpen: false };
      }
      if (!bar.open.isBelow(stop)) return atOpen(true);
      return bar.high.isBelow(stop) ? undefined : { price: stop, triggers: true, atOpen: false };
    }
  }
}

/**
 * The one leg of an exit (an OCO's stop and take-profit) that a bar fills, or undefined when the
 * bar reaches neither. A leg reached at the open came first; two legs reached inside the bar are
 * resolved by `rule` (the stop by default).
 */
export function exitInBar(
  stop: BarExecution | undefined,
  target: BarExecution | undefined,
  rule: BothInOneBar = DEFAULT_BOTH_IN_ONE_BAR,
): 'stop' | 'target' | undefined {
  if (!stop) return target ? 'target' : undefined;
  if (!target) return 'stop';
  if (stop.atOpen !== target.atOpen) return stop.atOpen ? 'stop' : 'target';
  return rule;
}
