import { journalStatusOf, reportedAverageOf, totalFills, type Price, type BrokerOrderStatus, type Side, type TimeInForce } from '@trading-monitor/domain';
import type { BrokerOrder } from '../broker';

/** What an order is within its complex order: an OCO is a take_profit parent and a stop_loss leg. */
export type SimOrderRole = 'single' | 'entry' | 'take_profit' | 'stop_loss';

export interface SimFill {
  qty: number;
  price: Price;
  at: Date;
}

/** The simulator's own record of an order; `toBrokerOrder` is what the port shows of it. */
export interface SimOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: 'market' | 'limit' | 'stop';
  orderClass: BrokerOrder['orderClass'];
  role: SimOrderRole;
  timeInForce: TimeInForce;
  qty: number;
  limitPrice: Price | null;
  stopPrice: Price | null;
  status: BrokerOrderStatus;
  /** False for bracket/OTO exit legs still waiting for their entry to fill. */
  active: boolean;
  /** A stop whose trigger was touched: from then on it is a market order. */
  triggered: boolean;
  fills: SimFill[];
  submittedAt: Date;
  updatedAt: Date;
  filledAt: Date | null;
  canceledAt: Date | null;
  expiredAt: Date | null;
  /** A `day` order's expiry: the close of the session it trades in. */
  expiresAt: Date | null;
  parentId: string | null;
  /** The id of the complex order's root (its own id for a simple order). */
  groupId: string;
  replacedBy: string | null;
  replaces: string | null;
}

/** The broker may still fill (or cancel) this order. */
export function isOpenStatus(status: BrokerOrderStatus): boolean {
  return !journalStatusOf(status).terminal;
}

export function filledQtyOf(order: SimOrder): number {
  return order.fills.reduce((sum, fill) => sum + fill.qty, 0);
}

export function remainingQtyOf(order: SimOrder): number {
  return order.qty - filledQtyOf(order);
}

/**
 * Volume-weighted average of the fills as Alpaca reports it, with limited digits (the domain's
 * `reportedAverageOf`), or null before the first fill. Never the 40-digit quotient: that would make
 * every test on this broker claim more exactness than the real broker gives.
 */
export function averageFillPriceOf(order: SimOrder): Price | null {
  return reportedAverageOf(totalFills(order.fills));
}

export function toBrokerOrder(order: SimOrder): BrokerOrder {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    orderClass: order.orderClass,
    timeInForce: order.timeInForce,
    qty: order.qty,
    filledQty: filledQtyOf(order),
    filledAvgPrice: averageFillPriceOf(order),
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    status: order.status,
    submittedAt: new Date(order.submittedAt.getTime()),
    updatedAt: new Date(order.updatedAt.getTime()),
    filledAt: copyDate(order.filledAt),
    canceledAt: copyDate(order.canceledAt),
    expiredAt: copyDate(order.expiredAt),
    parentId: order.parentId,
    replacedBy: order.replacedBy,
    replaces: order.replaces,
  };
}

function copyDate(date: Date | null): Date | null {
  return date ? new Date(date.getTime()) : null;
}
