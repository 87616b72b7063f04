import { clientOrderIdOf } from '@trading-monitor/domain';
import { findRetriedDecisionIds } from '@trading-monitor/persistence';
import { executeDecisions, type ExecutedDecision } from '../execute-decisions/execute-decisions';
import type { JobDeps } from '../job-deps';
import { orderExists } from '../submit-once';

/**
 * An entry whose submit went through while its run crashed, timed out or lost the database is live
 * at the broker but unknown to the journal, and the decision would only be retried at the next
 * execute run, tomorrow. The order monitor looks for such entries every run (one lookup per decision
 * an earlier run deferred or failed; usually none) and executes those decisions now, which records
 * the existing order instead of sending another, so a fill is protected within minutes.
 */
export async function adoptPlacedEntries(deps: JobDeps): Promise<ExecutedDecision[]> {
  const retried = await findRetriedDecisionIds(deps.dataSource.manager);
  const placed: string[] = [];
  for (const analysisId of retried) {
    if (await orderExists(deps.broker, clientOrderIdOf({ scopeId: analysisId, leg: 'entry', sequence: 1 }))) placed.push(analysisId);
  }
  if (placed.length === 0) return [];
  deps.log.warn({ event: 'monitor-orders.adopt-entries', decisions: placed }, `Found ${placed.length} entries placed by runs that did not finish; recording them now.`);
  return (await executeDecisions(deps, { only: placed })).decisions;
}
