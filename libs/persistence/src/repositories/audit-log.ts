import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { ExecutionLog, type LogOutcome } from '../entities/execution-log.entity';

export interface AuditEntry {
  job: string;
  action: string;
  outcome: LogOutcome;
  message: string;
  analysisDecisionId?: string | null;
  tradeJournalId?: number | null;
  alpacaOrderId?: string | null;
  clientOrderId?: string | null;
  symbol?: string | null;
  details?: Record<string, unknown> | null;
  at?: Date;
}

/** Appends one line to `execution_log` and returns its id. In the caller's transaction, so it lands with what it describes. */
export async function recordAudit(manager: EntityManager, entry: AuditEntry): Promise<number> {
  const row: Partial<ExecutionLog> = {
    job: entry.job,
    action: entry.action,
    outcome: entry.outcome,
    message: wellFormed(entry.message),
    analysisDecisionId: entry.analysisDecisionId ?? null,
    tradeJournalId: entry.tradeJournalId ?? null,
    alpacaOrderId: entry.alpacaOrderId ?? null,
    clientOrderId: entry.clientOrderId ?? null,
    symbol: entry.symbol ?? null,
    details: entry.details ? JSON.parse(JSON.stringify(entry.details), (_key, value) => (typeof value === 'string' ? wellFormed(value) : value)) : null,
    ...(entry.at ? { createdAt: entry.at } : {}),
  };
  const inserted = await manager.getRepository(ExecutionLog).insert(row as QueryDeepPartialEntity<ExecutionLog>);
  return (inserted.identifiers[0] as { id: number }).id;
}

/** How many times an action on a decision ended in `outcome` (bounded retries count these). */
export async function countAudits(manager: EntityManager, analysisDecisionId: string, outcome: LogOutcome): Promise<number> {
  return manager.getRepository(ExecutionLog).count({ where: { analysisDecisionId, outcome } });
}

// PostgreSQL refuses text with half a UTF-16 surrogate pair (a cut emoji, say), and the audit line
// must always land: such halves become U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
