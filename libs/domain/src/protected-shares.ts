import { isTerminalJournalStatus, type JournalOrderStatus } from './order-status';
import type { OrderRole } from './order-role';

/** One journal order as the protection rule needs it. */
export interface CoveringOrder {
  role: OrderRole;
  status: JournalOrderStatus;
  qty: number;
  filledQty: number | null;
}

/**
 * Shares covered by working protective orders: the unfilled shares of every working stop. Every
 * protective order carries exactly one stop (alone, or as an OCO leg beside its take-profit), so
 * counting stops counts each OCO once; a take-profit alone protects nothing against a fall.
 * The one rule the order monitor, trade sync, reconcile and the health figures all use.
 */
export function protectedShares(orders: readonly CoveringOrder[]): number {
  return orders
    .filter((order) => order.role === 'STOP_LOSS' && !isTerminalJournalStatus(order.status))
    .reduce((sum, order) => sum + order.qty - (order.filledQty ?? 0), 0);
}

/** Of `held` shares (a count, short or long), how many no working stop covers; never negative (over-protection is another problem). */
export function unprotectedShares(held: number, orders: readonly CoveringOrder[]): number {
  return Math.max(held - protectedShares(orders), 0);
}
