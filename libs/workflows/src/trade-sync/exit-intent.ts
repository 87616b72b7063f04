import { TradeAdjustment, type EntityManager } from '@trading-monitor/persistence';

// trade_adjustments.adjustment_type of a deliberate exit (halt --flatten): executed = false while it is under way.
const EXIT_INTENT = 'FLATTEN';

/**
 * A trade being exited on purpose (halt --flatten) is never protected again: Alpaca's close is
 * cancel the open orders, wait, then sell, and a stop placed in between (the stream seeing the old
 * stop's `canceled`) holds the shares and gets the sell refused "insufficient qty available"; the
 * other ordering leaves a sell stop on a flat position. The intent is recorded under the trade lock
 * and committed before the broker is asked to close, so every sync after it reads it; it ends when
 * the trade closes, or when the close fails (then the shares are protected again as usual).
 */
export async function recordExitIntent(manager: EntityManager, intent: { tradeJournalId: number; reason: string; at: Date }): Promise<void> {
  if (await isBeingExited(manager, intent.tradeJournalId)) return;
  await manager.getRepository(TradeAdjustment).insert({
    tradeJournalId: intent.tradeJournalId,
    adjustmentType: EXIT_INTENT,
    reason: intent.reason,
    executed: false,
    createdAt: intent.at,
  });
}

/** Whether the trade is being exited on purpose (an exit intent not yet ended). */
export async function isBeingExited(manager: EntityManager, tradeJournalId: number): Promise<boolean> {
  return (await manager.getRepository(TradeAdjustment).count({ where: { tradeJournalId, adjustmentType: EXIT_INTENT, executed: false } })) > 0;
}

/** Ends the trade's exit intent with its outcome (closed, or the close failed). */
export async function endExitIntent(manager: EntityManager, tradeJournalId: number, outcome: string): Promise<void> {
  await manager.getRepository(TradeAdjustment).update({ tradeJournalId, adjustmentType: EXIT_INTENT, executed: false }, { executed: true, reason: outcome });
}
