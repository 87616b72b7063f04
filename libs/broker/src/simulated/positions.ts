import { Price, type Side } from '@trading-monitor/domain';
import { isOpenStatus, remainingQtyOf, type SimOrder } from './sim-order';

/** A position in one symbol; `qty` is signed, negative when short. */
export interface SimPosition {
  symbol: string;
  qty: number;
  avgEntryPrice: Price;
}

/** The side of an order that would reduce the position. */
export function closingSideOf(position: SimPosition): Side {
  return position.qty > 0 ? 'sell' : 'buy';
}

export function reduces(position: SimPosition | undefined, side: Side): position is SimPosition {
  return position !== undefined && position.qty !== 0 && closingSideOf(position) === side;
}

/**
 * The position after a fill. Adding keeps a volume-weighted entry price; reducing keeps the entry
 * price; a fill through zero starts a new position at the fill price.
 */
export function positionAfterFill(position: SimPosition | undefined, symbol: string, side: Side, qty: number, price: Price): SimPosition | undefined {
  const signed = side === 'buy' ? qty : -qty;
  const before = position?.qty ?? 0;
  const after = before + signed;
  if (after === 0) return undefined;
  if (!position || before === 0 || Math.sign(after) !== Math.sign(before)) {
    return { symbol, qty: after, avgEntryPrice: price };
  }
  if (Math.abs(after) < Math.abs(before)) return { ...position, qty: after };
  const cost = position.avgEntryPrice.times(Math.abs(before)).plus(price.times(qty));
  return { symbol, qty: after, avgEntryPrice: Price.of(cost.dividedBy(Math.abs(after)).roundedTo(4)) };
}

/**
 * Shares held by open orders on the closing side, as Alpaca counts them: each working order's
 * unfilled quantity, and a complex order (OCO legs, bracket exits) once, not once per leg.
 */
export function reservedQty(orders: Iterable<SimOrder>, symbol: string, side: Side, excludeGroupId?: string): number {
  const perGroup = new Map<string, number>();
  for (const order of orders) {
    if (order.symbol !== symbol || order.side !== side || order.groupId === excludeGroupId) continue;
    if (!isOpenStatus(order.status) || !order.active) continue;
    perGroup.set(order.groupId, Math.max(perGroup.get(order.groupId) ?? 0, remainingQtyOf(order)));
  }
  let total = 0;
  for (const qty of perGroup.values()) total += qty;
  return total;
}
