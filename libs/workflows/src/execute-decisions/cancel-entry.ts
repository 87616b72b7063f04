import { isWorkingOrderStatus } from '@trading-monitor/domain';
import type { BrokerOrder } from '@trading-monitor/broker';
import { TradeJournal, findOrdersOfTrades, type OrderExecution } from '@trading-monitor/persistence';
import { recordCancelIntent } from '../trade-sync/cancel-intent';
import { cancelAndRead } from '../trade-sync/cancel-order';
import type { TradeSyncResult } from '../trade-sync/sync-trade';
import { runTradeStep } from '../trade-sync/trade-step';
import type { DecisionContext } from './decision-context';

export type CancelResult =
  /** Nothing had filled; the trade is CANCELLED (or AMENDED). */
  | { kind: 'cancelled'; sync: TradeSyncResult }
  /** The broker has not confirmed the cancel yet (the order reads pending_cancel): a later run finishes it. */
  | { kind: 'pending'; sync: TradeSyncResult }
  /** Shares had filled before the cancel took: they are held, and protected, as a position; nothing more can fill. */
  | { kind: 'filled'; sync: TradeSyncResult; heldQty: number };

const isWorkingEntry = (o: OrderExecution) => o.orderType === 'ENTRY' && isWorkingOrderStatus(o.orderStatus);

/**
 * Reads the trade again: what a stream event or the order monitor just committed is what the plan
 * starts from. No lock is held here: the decision's transaction must not hold the trade lock, which
 * the cancel's step takes on a connection of its own (runTradeStep). A fill that lands after this
 * read is found by cancelEntry, which reads the working entries again and syncs under the lock.
 */
export async function rereadTargetTrade(ctx: DecisionContext, trade: TradeJournal): Promise<TradeJournal> {
  return (await ctx.manager.getRepository(TradeJournal).findOne({ where: { id: trade.id } })) ?? trade;
}

/** Whether the trade still has an entry that can fill (all of it, or the rest of a partly filled one). */
export async function hasWorkingEntry(ctx: DecisionContext, trade: TradeJournal): Promise<boolean> {
  return (await findOrdersOfTrades(ctx.manager, [trade.id])).some(isWorkingEntry);
}

/**
 * Cancels a trade's working entry (all of it, or the unfilled rest of a partly filled one) and
 * records the outcome through the one door into a trade step (trade-sync/trade-step.ts: the trade
 * lock, facts committed before remedies), so a fill that beat the cancel becomes a protected
 * position, never a lie, and a refused protection is an alarm, not a rollback of that fill. The
 * intent is committed first (cancel-intent.ts), so a cancel the venue has not confirmed yet, or a
 * crash, is finished by a later run. The decision's transaction has written nothing to the trade
 * before this (the step's own transaction would wait on it).
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
  const { dataSource, broker, clock, log, job, positions } = ctx;
  // The run's broker positions go along: without them a sync cannot tell a position closed by hand
  // from a held one, and would protect shares that are no longer there.
  const deps = { dataSource, broker, clock, log, job, positions };
  // The cancels go out under the trade lock, so a fill event being synced finishes first; the
  // entries are read again under it. Then the sync, through the same door, facts first.
  const reports = await runTradeStep(deps, {
    kind: 'locked',
    tradeJournalId: trade.id,
    run: async ({ manager }) => {
      const read = new Map<string, BrokerOrder>();
      for (const entry of (await findOrdersOfTrades(manager, [trade.id])).filter(isWorkingEntry)) {
        read.set(entry.alpacaOrderId, await cancelAndRead(broker, entry.alpacaOrderId));
      }
      return read;
    },
  });
  const sync = (await runTradeStep(deps, { kind: 'sync', tradeJournalId: trade.id, reports, options: { cancelledBy } })) as TradeSyncResult;
  const after = await findOrdersOfTrades(ctx.manager, [trade.id]);
  if (after.some(isWorkingEntry)) return { kind: 'pending', sync };
  if (sync.status === 'CANCELLED') return { kind: 'cancelled', sync };
  const heldQty = after.filter((o) => o.orderType === 'ENTRY').reduce((sum, o) => sum + (o.filledQty ?? 0), 0);
  return { kind: 'filled', sync, heldQty };
}
