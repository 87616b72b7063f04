import { findRowsSharingAnalysisId, type ClaimedDecision, type EntityManager } from '@trading-monitor/persistence';
import type { DecisionOutcome } from './decision-outcome';

/**
 * A decision is acted on only when its `Analysis_Id` names it alone. The id is what the broker
 * knows the decision by (its orders' client_order_id are made from it, so a retry adopts the
 * order an earlier attempt placed) and what execution_log files it under. NocoDB lets the field
 * repeat or stay empty (docs/database-setup.md): two rows sharing an id would share one broker order — the
 * second would silently adopt the first's — and an empty id names no order at all. Such a row is
 * refused at once with the reason, and marked executed like any refusal, so it never comes back.
 */
export async function identityRefusal(manager: EntityManager, decision: ClaimedDecision): Promise<DecisionOutcome | null> {
  const symbol = decision.ticker.split(':')[0]?.trim() || undefined;
  const row = `Row ${decision.rowKey}${symbol ? ` (${symbol})` : ''}`;
  if (decision.analysisId.trim() === '') {
    return {
      kind: 'refused',
      symbol,
      message: `${row} has no Analysis_Id, so no order can be tied to it; nothing was placed. Give the row a unique Analysis_Id and approve a fresh row if the decision still stands.`,
    };
  }
  const others = await findRowsSharingAnalysisId(manager, decision);
  if (others.length === 0) return null;
  const list = others.map((o) => `row ${o.rowKey}${o.ticker ? ` (${o.ticker.split(':')[0]})` : ''}`).join(', ');
  return {
    kind: 'refused',
    symbol,
    message: `${row}: Analysis_Id ${decision.analysisId} is also used by ${list}; the broker order id is made from it, so a second order would be mistaken for the first. Nothing was placed. Give each row its own Analysis_Id and approve a fresh row if the decision still stands.`,
  };
}
