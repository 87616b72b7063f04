import type { BrokerOrder } from '@trading-monitor/broker';
import { addFill, exitSideOf, type Fill, type Price } from '@trading-monitor/domain';
import { cancelOrderAt } from './cancel-order';
import { closeTrade, type ClosedTrade } from './close-trade';
import type { StepContext } from './sync-context';
import { adoptOwnOrders } from './adopt-own-orders';
import { isTradeFrozen } from './split-rebase';
import { syncTrade } from './sync-trade';
import { entrySideOf, exitTotalsOf, heldQtyOf, isProtective, isWorking, loadTradeState } from './trade-state';

const LOOKBACK_MS = 60 * 60 * 1000;

/**
 * The broker no longer holds the position of a POSITION trade. If the product's own protection
 * filled, the trade closes from that fill (STOPPED_OUT / TARGET_HIT). Otherwise someone closed it
 * outside the product: MANUAL_EXIT at the price of the order that did it, else at the last known
 * price; and the product's protective orders are cancelled, since a stop that fires now would open
 * a new position the other way.
 */
export async function closeVanishedPosition(ctx: StepContext, tradeJournalId: number): Promise<ClosedTrade | null> {
  const before = await loadTradeState(ctx.manager, tradeJournalId);
  if (!before || before.trade.status !== 'POSITION') return null;
  if (await isTradeFrozen(ctx.manager, tradeJournalId)) return null; // a person decides (split-rebase.ts)
  const { trade } = before;
  const since = new Date((trade.createdAt ?? new Date(0)).getTime() - LOOKBACK_MS);
  const closedOrders = await ctx.broker.listOrders({ status: 'closed', after: since, symbols: [trade.symbol] });
  const reports = new Map(closedOrders.map((o) => [o.id, o]));

  await adoptOwnOrders(ctx, before, closedOrders);
  // Nothing is held at the broker: apply what its orders say, but protect nothing.
  const synced = await syncTrade(ctx, tradeJournalId, reports, { heldAtBroker: 0 });
  if (synced?.closed) return synced.closed;

  const state = await loadTradeState(ctx.manager, tradeJournalId);
  if (!state || state.trade.status !== 'POSITION') return null;
  for (const order of state.orders.filter((o) => isProtective(o) && isWorking(o))) await cancelOrderAt(ctx, state, order);

  const held = heldQtyOf(state);
  if (held <= 0) return null; // the product's own exits took every share; they close the trade once the entry is done
  const known = new Set(state.orders.map((o) => o.alpacaOrderId));
  const outside = manualExitFills(closedOrders, known, exitSideOf(entrySideOf(state)), held);
  const lastPrice = (state.position?.currentPrice ?? state.trade.actualEntry) as Price;
  const exitFills: Fill[] = outside ?? [{ qty: held, price: lastPrice }];
  const exit = exitFills.reduce(addFill, exitTotalsOf(state));
  ctx.log.warn(
    { event: 'position.vanished', tradeId: trade.tradeId, symbol: trade.symbol, heldQty: held, pricedFrom: outside ? 'broker order' : 'last known price' },
    `${trade.symbol}: the position is gone at the broker and no product order closed it; recording MANUAL_EXIT.`,
  );
  return closeTrade(ctx, state, { kind: 'CLOSED_AT_BROKER' }, exit);
}

/** Fills of orders the product did not place that took exactly the held shares out, or null. */
function manualExitFills(orders: readonly BrokerOrder[], known: ReadonlySet<string>, exitSide: string, held: number): Fill[] | null {
  const fills = orders
    .filter((o) => !known.has(o.id) && o.side === exitSide && o.filledQty > 0 && o.filledAvgPrice)
    .map((o) => ({ qty: o.filledQty, price: o.filledAvgPrice as Price }));
  const qty = fills.reduce((sum, f) => sum + f.qty, 0);
  return qty === held && held > 0 ? fills : null;
}
