import type { BrokerOrder } from '@trading-monitor/broker';
import { findOrdersOfTrades, type TradeJournal } from '@trading-monitor/persistence';
import { cancelAndRead } from '../trade-sync/cancel-order';
import { syncTrade, type TradeSyncResult } from '../trade-sync/sync-trade';
import type { DecisionContext } from './decision-context';

export type CancelResult =
  /** Nothing had filled; the trade is CANCELLED (or AMENDED). */
  | { kind: 'cancelled'; sync: TradeSyncResult }
  /** The broker has not confirmed the cancel yet. */
  | { kind: 'pending'; sync: TradeSyncResult }
  /** Shares had filled before the cancel: they are held, and protected, as a position. */
  | { kind: 'filled'; sync: TradeSyncResult; heldQty: number };

/**
 * Cancels a trade's working entry at the broker and records the outcome through the same step the
 * order monitor uses, so a fill that beat the cancel becomes a protected position, never a lie.
 */
export async function cancelEntry(ctx: DecisionContext, trade: TradeJournal, cancelledBy: 'CANCEL' | 'AMEND'): Promise<CancelResult> {
  const entries = (await findOrdersOfTrades(ctx.manager, [trade.id])).filter(
    (o) => o.orderType === 'ENTRY' && (o.orderStatus === 'pending' || o.orderStatus === 'partially_filled'),
  );
  const reports = new Map<string, BrokerOrder>();
  for (const entry of entries) reports.set(entry.alpacaOrderId, await cancelAndRead(ctx.broker, entry.alpacaOrderId));
  const sync = (await syncTrade(ctx, trade.id, reports, { cancelledBy })) as TradeSyncResult;
  if (sync.status === 'CANCELLED') return { kind: 'cancelled', sync };
  const heldQty = [...reports.values()].reduce((sum, r) => sum + r.filledQty, 0);
  if (sync.status === 'POSITION' || heldQty > 0) return { kind: 'filled', sync, heldQty };
  return { kind: 'pending', sync };
}
