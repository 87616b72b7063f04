import type { EntityManager } from 'typeorm';
import { AnalysisDecision } from '../entities/analysis-decision.entity';
import { ExecutionLog } from '../entities/execution-log.entity';

/**
 * Locks the oldest approved, unexecuted decision for this transaction and returns it, or null
 * (a decision without a time, which NocoDB's default prevents, comes last).
 * `SKIP LOCKED`: a decision another executor holds is passed over, never taken twice; the lock
 * lasts until the caller's transaction ends, by which time the decision is marked executed.
 * `exclude` holds decisions this run already deferred (a transient broker error).
 */
export async function claimNextDecision(
  manager: EntityManager,
  exclude: readonly string[] = [],
  only?: readonly string[],
): Promise<ClaimedDecision | null> {
  const query = manager
    .getRepository(AnalysisDecision)
    .createQueryBuilder('d')
    // Earlier runs that ended in a broker outage or an error: bounded retries count these.
    .addSelect(
      (sub) =>
        sub
          .select('count(*)')
          .from(ExecutionLog, 'l')
          .where('l.analysisDecisionId = d.analysisId')
          .andWhere("l.outcome IN ('retry', 'failed')"),
      'attempts',
    )
    .where('d.approve = true')
    .andWhere('d.executed IS NOT TRUE')
    .orderBy('d.dateTime', 'ASC')
    .addOrderBy('d.analysisId', 'ASC')
    .limit(1)
    .setLock('pessimistic_write')
    .setOnLocked('skip_locked');
  if (exclude.length > 0) query.andWhere('d.analysisId NOT IN (:...exclude)', { exclude });
  if (only) {
    if (only.length === 0) return null;
    query.andWhere('d.analysisId IN (:...only)', { only });
  }
  const { entities, raw } = await query.getRawAndEntities();
  if (entities.length === 0) return null;
  return Object.assign(entities[0], { attempts: Number(raw[0].attempts) });
}

/** A claimed decision, with how many earlier runs failed or deferred it. */
export type ClaimedDecision = AnalysisDecision & { attempts: number };

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

/** Approved, unexecuted decisions, oldest first, at most `limit`. */
export async function findPendingDecisionIds(manager: EntityManager, limit: number): Promise<string[]> {
  const rows = await manager
    .getRepository(AnalysisDecision)
    .createQueryBuilder('d')
    .select('d.analysisId', 'id')
    .where('d.approve = true')
    .andWhere('d.executed IS NOT TRUE')
    .orderBy('d.dateTime', 'ASC')
    .addOrderBy('d.analysisId', 'ASC')
    .limit(limit)
    .getRawMany<{ id: string }>();
  return rows.map((row) => row.id);
}
