import type { Price, Side } from '@trading-monitor/domain';
import type { BrokerOrder } from '../broker';
import { isOpenStatus, type SimOrder } from './sim-order';

/** The parts of a new order the wash-trade rule looks at. */
export interface WashTradeCandidate {
  symbol: string;
  side: Side;
  type: 'market' | 'limit' | 'stop';
  orderClass: BrokerOrder['orderClass'];
  limitPrice: Price | null;
  /** Set when the candidate replaces an existing order: that order's group does not count. */
  groupId?: string;
}

/**
 * Alpaca's wash-trade protection ("Preventing Wash Trades", docs.alpaca.markets user-protection):
 * an order that could execute against one of the account's own open orders on the opposite side of
 * the same symbol is refused with 403 "potential wash trade detected. use complex orders".
 *
 * Implemented as:
 * - complex orders (OCO, bracket, OTO) are exempt when submitted: that is the remedy the message
 *   names, and legs of one complex order never count against each other;
 * - against an open opposite-side order (any status that can still fill, held legs included):
 *   - a market order on either side always conflicts ("opposite side market/stop order exists");
 *   - a stop on either side always conflicts: the documentation's table lists "stop sell vs limit
 *     buy" and "limit buy vs stop sell" as always rejected, and a triggered stop is a market order;
 *   - two limits conflict when they cross: the buy limit is at or above the sell limit.
 * Open legs of an existing complex order do count against a new simple order (the stricter
 * reading; the documentation does not say they are exempt).
 */
export function washTradeConflict(candidate: WashTradeCandidate, openOrders: Iterable<SimOrder>): SimOrder | undefined {
  if (candidate.orderClass !== 'simple') return undefined;
  for (const existing of openOrders) {
    if (existing.symbol !== candidate.symbol || existing.side === candidate.side) continue;
    if (!isOpenStatus(existing.status)) continue;
    if (candidate.groupId !== undefined && existing.groupId === candidate.groupId) continue;
    if (couldCross(candidate, existing)) return existing;
  }
  return undefined;
}

function couldCross(candidate: WashTradeCandidate, existing: SimOrder): boolean {
  if (candidate.type !== 'limit' || existing.type !== 'limit') return true;
  const buyLimit = candidate.side === 'buy' ? candidate.limitPrice : existing.limitPrice;
  const sellLimit = candidate.side === 'sell' ? candidate.limitPrice : existing.limitPrice;
  if (!buyLimit || !sellLimit) return true;
  return !buyLimit.isBelow(sellLimit);
}
