import type { EntityManager } from 'typeorm';
import { AnalysisDecision } from '../entities/analysis-decision.entity';

/**
 * Locks the oldest approved, unexecuted decision for this transaction and returns it, or null.
 * `SKIP LOCKED`: a decision another executor holds is passed over, never taken twice; the lock
 * lasts until the caller's transaction ends, by which time the decision is marked executed.
 * `exclude` holds decisions this run already deferred (a transient broker error).
 */
export async function claimNextDecision(manager: EntityManager, exclude: readonly string[] = []): Promise<AnalysisDecision | null> {
  const query = manager
    .getRepository(AnalysisDecision)
    .createQueryBuilder('d')
    .where('d.approve = true')
    .andWhere('d.executed IS NOT TRUE')
    .orderBy('d.dateTime', 'ASC', 'NULLS FIRST')
    .addOrderBy('d.analysisId', 'ASC')
    .limit(1)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked');
  if (exclude.length > 0) query.andWhere('d.analysisId NOT IN (:...exclude)', { exclude });
  return query.getOne();
}

export interface DecisionOutcome {
  executionTime: Date;
  existingOrderId?: string | null;
  existingTradeJournalId?: number | null;
}

/** Marks a decision handled, whatever the outcome, so no run takes it again. */
export async function markDecisionExecuted(manager: EntityManager, analysisId: string, outcome: DecisionOutcome): Promise<void> {
  const changes: { executed: boolean; executionTime: Date; existingOrderId?: string | null; existingTradeJournalId?: number | null } = {
    executed: true,
    executionTime: outcome.executionTime,
  };
  if (outcome.existingOrderId !== undefined) changes.existingOrderId = outcome.existingOrderId;
  if (outcome.existingTradeJournalId !== undefined) changes.existingTradeJournalId = outcome.existingTradeJournalId;
  await manager.getRepository(AnalysisDecision).update({ analysisId }, changes);
}

/** Approved decisions not yet executed: what the next execute run will take. */
export async function countPendingDecisions(manager: EntityManager): Promise<number> {
  return manager
    .getRepository(AnalysisDecision)
    .createQueryBuilder('d')
    .where('d.approve = true')
    .andWhere('d.executed IS NOT TRUE')
    .getCount();
}
