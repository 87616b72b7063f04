import { entryClientOrderIdOf } from '@trading-monitor/domain';
import { findPendingDecisions } from '@trading-monitor/persistence';
import { executeDecisions, type ExecutedDecision } from '../execute-decisions/execute-decisions';
import type { JobDeps } from '../job-deps';
import { orderExists } from '../submit-once';
import { openCancelIntents } from '../trade-sync/cancel-intent';

const MAX_LOOKUPS = 50;

/**
 * An entry whose submit went through while its run crashed, timed out or lost the database is live
 * at the broker but unknown to the journal, and the decision would only be retried at the next
 * execute run, tomorrow. The order monitor looks for such entries every run — one lookup per
 * approved decision still unexecuted, usually none once the morning run is done (the failed run may
 * not even have been able to log its failure) — and executes those decisions now, which records the
 * existing order instead of sending another, so a fill is protected within minutes. Likewise a
 * CANCEL or AMEND still in progress (cancel-intent.ts) is run again every pass until it completes —
 * the old entry confirmed cancelled, then the AMEND's new entry placed — or is refused with a reason.
 */
export async function adoptPlacedEntries(deps: JobDeps): Promise<ExecutedDecision[]> {
  const pending = await findPendingDecisions(deps.dataSource.manager, MAX_LOOKUPS);
  // A CANCEL or AMEND that an earlier run started (its cancel not yet confirmed, its new entry refused for now).
  const inProgress = new Set((await openCancelIntents(deps.dataSource.manager)).map((intent) => intent.analysisId));
  const placed: string[] = [];
  for (const { rowKey, analysisId } of pending) {
    // A row without an Analysis_Id has no order to find; the execute run refuses it.
    if (analysisId.trim() === '') continue;
    if (inProgress.has(analysisId) || (await orderExists(deps.broker, entryClientOrderIdOf(analysisId)))) placed.push(rowKey);
  }
  if (placed.length === 0) return [];
  deps.log.warn(
    { event: 'monitor-orders.adopt-entries', decisions: placed },
    `Found ${placed.length} decisions that earlier runs did not finish (an entry placed, a cancel or amend in progress); finishing them now.`,
  );
  return (await executeDecisions(deps, { only: placed })).decisions;
}
