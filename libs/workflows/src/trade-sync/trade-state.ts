import {
  NO_FILLS,
  isTerminalJournalStatus,
  protectedShares,
  totalFills,
  type Fill,
  type FillTotals,
  type OrderRole,
  type CoveringOrder,
  type Side,
} from '@trading-monitor/domain';
import {
  OrderExecution,
  PositionTracking,
  UnloadableRow,
  findFills,
  findTrade,
  type EntityManager,
  type OrderFill,
  type TradeJournal,
} from '@trading-monitor/persistence';

/** A trade with everything the journal holds about it, read inside the step's transaction. */
export interface TradeState {
  trade: TradeJournal;
  orders: OrderExecution[];
  /** Exact cumulative fills, by order_execution id. */
  fills: Map<number, OrderFill>;
  position: PositionTracking | null;
}

/**
 * Reads a trade, inside a step that holds the trade lock (trade-lock.ts, taken by runTradeStep):
 * a second step on the trade waits for the lock, then reads our result. A trade whose prices cannot be used (a 0.00 stop from old data) throws `UnloadableRow`:
 * the caller alarms for that one trade and goes on with the others.
 */
export async function loadTradeState(manager: EntityManager, tradeJournalId: number): Promise<TradeState | null> {
  const trade = await findTrade(manager, tradeJournalId);
  if (!trade) return null;
  if (trade.unloadable) throw new UnloadableRow(trade.unloadable);
  const orders = await manager.getRepository(OrderExecution).find({ where: { tradeJournalId }, order: { id: 'ASC' } });
  const fills = await findFills(
    manager,
    orders.map((o) => o.id),
  );
  const position = await manager.getRepository(PositionTracking).findOne({ where: { tradeJournalId } });
  return { trade, orders, fills, position };
}

export const isEntry = (order: OrderExecution) => order.orderType === 'ENTRY';
export const isProtective = (order: OrderExecution) => order.orderType !== 'ENTRY';
export const isWorking = (order: OrderExecution) => !isTerminalJournalStatus(order.orderStatus);

/** The side the trade entered on: `buy` is long, `sell` short. */
export function entrySideOf(state: TradeState): Side {
  return state.orders.find(isEntry)?.side ?? 'buy';
}

/** Exact fill totals of the trade's orders in the given roles, from the product's fill ledger. */
export function fillTotalsOf(state: TradeState, roles: readonly OrderRole[]): FillTotals {
  const fills = state.orders
    .filter((order) => roles.includes(order.orderType))
    .map((order) => exactFillOf(state, order))
    .filter((fill): fill is Fill => fill !== undefined);
  return fills.length === 0 ? NO_FILLS : totalFills(fills);
}

export function entryTotalsOf(state: TradeState): FillTotals {
  return fillTotalsOf(state, ['ENTRY']);
}

export function exitTotalsOf(state: TradeState): FillTotals {
  return fillTotalsOf(state, ['STOP_LOSS', 'TAKE_PROFIT']);
}

/** Shares held now: filled by the entry, not yet sold (or bought back) by protection. */
export function heldQtyOf(state: TradeState): number {
  return entryTotalsOf(state).qty - exitTotalsOf(state).qty;
}

/** Shares covered by working protective orders (the domain's one rule: protected-shares.ts). */
export function protectedQtyOf(state: TradeState): number {
  return protectedShares(state.orders.map(coveringOrderOf));
}

/** A journal order as the protection rule reads it. */
export function coveringOrderOf(order: OrderExecution): CoveringOrder {
  return { role: order.orderType, status: order.orderStatus, qty: order.qty, filledQty: order.filledQty };
}

/**
 * An order's cumulative fill: exact from the fill ledger, or, for a row recorded without it (by
 * hand, or migrated from an older journal), from order_execution at the cents it holds.
 */
function exactFillOf(state: TradeState, order: OrderExecution): Fill | undefined {
  const exact = state.fills.get(order.id);
  if (exact && exact.filledQty > 0) return { qty: exact.filledQty, price: exact.filledAvgPrice };
  if ((order.filledQty ?? 0) > 0 && order.filledAvgPrice) return { qty: order.filledQty as number, price: order.filledAvgPrice };
  return undefined;
}
