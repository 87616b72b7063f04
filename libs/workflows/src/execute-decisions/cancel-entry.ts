import type { BrokerOrder } from '@trading-monitor/broker';
import { TradeJournal, findOrdersOfTrades, type OrderExecution } from '@trading-monitor/persistence';
import { lockTrade } from '../stream/trade-lock';
import { recordCancelIntent } from '../trade-sync/cancel-intent';
import { cancelAndRead } from '../trade-sync/cancel-order';
import { syncTrade, type TradeSyncResult } from '../trade-sync/sync-trade';
import type { DecisionContext } from './decision-context';

export type CancelResult =
  /** Nothing had filled; the trade is CANCELLED (or AMENDED). */
  | { kind: 'cancelled'; sync: TradeSyncResult }
  /** The broker has not confirmed the cancel yet (the order reads pending_cancel): a later run finishes it. */
  | { kind: 'pending'; sync: TradeSyncResult }
  /** Shares had filled before the cancel took: they are held, and protected, as a position; nothing more can fill. */
  | { kind: 'filled'; sync: TradeSyncResult; heldQty: number };

const isWorkingEntry = (o: OrderExecution) => o.orderType === 'ENTRY' && (o.orderStatus === 'pending' || o.orderStatus === 'partially_filled');

/**
 * Takes the per-trade lock the trade_updates stream and the order monitor take (stream/trade-lock.ts),
 * so a fill event and this decision act on the trade one after the other, and reads the trade again
 * under it: what a run that held the lock just committed is what counts.
 */
export async function lockTargetTrade(ctx: DecisionContext, trade: TradeJournal): Promise<TradeJournal> {
  await lockTrade(ctx.manager, trade.id);
  return (await ctx.manager.getRepository(TradeJournal).findOne({ where: { id: trade.id } })) ?? trade;
}

/** Whether the trade still has an entry that can fill (all of it, or the rest of a partly filled one). */
export async function hasWorkingEntry(ctx: DecisionContext, trade: TradeJournal): Promise<boolean> {
  return (await findOrdersOfTrades(ctx.manager, [trade.id])).some(isWorkingEntry);
}

/**
 * Cancels a trade's working entry (all of it, or the unfilled rest of a partly filled one) and
 * records the outcome through the same step the order monitor uses, so a fill that beat the cancel
 * becomes a protected position, never a lie. The intent is committed first (cancel-intent.ts), so
 * a cancel the venue has not confirmed yet, or a crash, is finished by a later run. The caller
 * holds the trade's lock.
 */
export async function cancelEntry(ctx: DecisionContext, trade: TradeJournal, cancelledBy: 'CANCEL' | 'AMEND'): Promise<CancelResult> {
  const entries = (await findOrdersOfTrades(ctx.manager, [trade.id])).filter(isWorkingEntry);
  if (entries.length > 0) {
    await ctx.commitNow((manager) =>
      recordCancelIntent(manager, {
        tradeJournalId: trade.id,
        analysisId: ctx.decision.analysisId,
        action: cancelledBy,
        orderId: entries.map((e) => e.alpacaOrderId).join(','),
        at: ctx.clock.now(),
      }),
    );
  }
  const reports = new Map<string, BrokerOrder>();
  for (const entry of entries) reports.set(entry.alpacaOrderId, await cancelAndRead(ctx.broker, entry.alpacaOrderId));
  const sync = (await syncTrade(ctx, trade.id, reports, { cancelledBy })) as TradeSyncResult;
  const after = await findOrdersOfTrades(ctx.manager, [trade.id]);
  if (after.some(isWorkingEntry)) return { kind: 'pending', sync };
  if (sync.status === 'CANCELLED') return { kind: 'cancelled', sync };
  const heldQty = after.filter((o) => o.orderType === 'ENTRY').reduce((sum, o) => sum + (o.filledQty ?? 0), 0);
  return { kind: 'filled', sync, heldQty };
}
