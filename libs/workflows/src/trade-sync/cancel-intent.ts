import { TradeAdjustment, type EntityManager } from '@trading-monitor/persistence';

/** What a CANCEL or AMEND decision set out to do to a trade's working entry. */
export type CancelIntentAction = 'CANCEL' | 'AMEND';

// trade_adjustments.adjustment_type of each intent: executed = false while it is in progress.
const ADJUSTMENT_TYPE = { CANCEL: 'CANCEL_ENTRY', AMEND: 'AMEND_ENTRY' } as const satisfies Record<CancelIntentAction, string>;
const ACTION_OF: Record<string, CancelIntentAction> = { CANCEL_ENTRY: 'CANCEL', AMEND_ENTRY: 'AMEND' };
const INTENT_TYPES = Object.values(ADJUSTMENT_TYPE);

export interface CancelIntent {
  tradeJournalId: number;
  analysisId: string;
  action: CancelIntentAction;
}

/**
 * A cancel at Alpaca is accepted at once and confirmed by the venue later (the order reads
 * `pending_cancel` meanwhile, and may still fill); an AMEND's new entry can meet a 429 or a 5xx.
 * So a CANCEL or AMEND may take more than one run, and a run may crash half-way. Its intent is
 * written to trade_adjustments (one row per decision and trade, `executed = false`) and committed
 * BEFORE the broker is touched: the order monitor then knows an entry it sees cancelled was
 * cancelled by an AMEND in progress (the trade ends AMENDED, not CANCELLED), and runs the decision
 * again until it completes or is refused with a reason; then the row is closed
 * (`executed = true`, the outcome in `reason`). Idempotent: recording twice keeps one row.
 */
export async function recordCancelIntent(manager: EntityManager, intent: CancelIntent & { orderId: string; at: Date }): Promise<void> {
  const repository = manager.getRepository(TradeAdjustment);
  const type = ADJUSTMENT_TYPE[intent.action];
  const existing = await repository.findOne({ where: { tradeJournalId: intent.tradeJournalId, analysisDecisionId: intent.analysisId, adjustmentType: type } });
  if (existing) return;
  await repository.insert({
    tradeJournalId: intent.tradeJournalId,
    analysisDecisionId: intent.analysisId,
    adjustmentType: type,
    orderIdAffected: intent.orderId,
    reason: `${intent.action} decision ${intent.analysisId} in progress: cancelling entry ${intent.orderId}.`,
    executed: false,
    createdAt: intent.at,
  });
}

/** The CANCEL or AMEND in progress on a trade, if any (the latest, should there be two). */
export async function openCancelIntentOf(manager: EntityManager, tradeJournalId: number): Promise<CancelIntent | null> {
  return latestOpenIntent(manager, 'a.trade_journal_id = :tradeJournalId', { tradeJournalId });
}

/**
 * The intent this decision recorded in an earlier run and has not finished, if any (the latest,
 * should there be two): the trade it names is the one a retry acts on, whatever the decision's ids
 * or symbol would pick today.
 */
export async function openCancelIntentOfDecision(manager: EntityManager, analysisId: string): Promise<CancelIntent | null> {
  return latestOpenIntent(manager, 'a.analysis_decision_id = :analysisId', { analysisId });
}

/** Every intent still in progress: the decisions the order monitor runs again. */
export async function openCancelIntents(manager: EntityManager): Promise<CancelIntent[]> {
  return (await openIntents(manager).orderBy('a.id', 'ASC').getMany()).map(intentOf);
}

/** The decision is done (completed, or refused with a reason): its intents are closed with that outcome. */
export async function closeCancelIntents(manager: EntityManager, analysisId: string, outcome: string): Promise<void> {
  await manager
    .getRepository(TradeAdjustment)
    .createQueryBuilder()
    .update()
    .set({ executed: true, reason: outcome })
    .where('analysis_decision_id = :analysisId', { analysisId })
    .andWhere('adjustment_type IN (:...types)', { types: INTENT_TYPES })
    .andWhere('executed IS NOT TRUE')
    .execute();
}

function openIntents(manager: EntityManager) {
  return manager
    .getRepository(TradeAdjustment)
    .createQueryBuilder('a')
    .where('a.adjustment_type IN (:...types)', { types: INTENT_TYPES })
    .andWhere('a.executed IS NOT TRUE');
}

async function latestOpenIntent(manager: EntityManager, where: string, parameters: Record<string, unknown>): Promise<CancelIntent | null> {
  const row = await openIntents(manager).andWhere(where, parameters).orderBy('a.id', 'DESC').getOne();
  return row ? intentOf(row) : null;
}

function intentOf(row: TradeAdjustment): CancelIntent {
  return { tradeJournalId: row.tradeJournalId, analysisId: row.analysisDecisionId ?? '', action: ACTION_OF[row.adjustmentType] ?? 'CANCEL' };
}
