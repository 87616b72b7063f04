import type { EntityManager } from 'typeorm';
import { quoteIdent } from '../schema/sql-identifier';
import { col, decisionTableOf, hasColumn, writtenAtColumn, type DecisionTable } from '../decision-table/decision-table';

// The decisions table is NocoDB's, wherever and however NocoDB made it (decision-table.ts), so these
// are plain SQL over the columns the product uses and nothing else, keyed by the row's primary key:
// NocoDB's `id`, or `Analysis_Id` in the table the product creates itself (docs/database-setup.md). `Analysis_Id` is the decision's name for
// people and for the broker, not a key: NocoDB lets it repeat or stay empty.

/** An approved decision as the product reads it. */
export interface DecisionRow {
  /** The row's primary key, as text: what claims and updates go by. */
  rowKey: string;
  /** `"Analysis_Id"` as written; '' when empty. */
  analysisId: string;
  ticker: string;
  /** JSON object, or a JSON string (text or json columns). */
  decision: unknown;
  /** `"Date"`, YYYY-MM-DD, when the table has it. */
  date: string | null;
  /** When the row was written: `"Date_time"`, else NocoDB's `created_at`. */
  dateTime: Date | null;
  existingOrderId: string | null;
  existingTradeJournalId: number | null;
}

/** A claimed decision, with how many earlier runs failed or deferred it. */
export type ClaimedDecision = DecisionRow & { attempts: number };

export interface ClaimFilter {
  /** Row keys this run already deferred (a transient broker error). */
  exclude?: readonly string[];
  /** Only these row keys (the order monitor adopting entries whose first attempt went through). */
  only?: readonly string[];
  /**
   * false: read the row without locking it (the dry run), so no executor skips it meanwhile.
   * Default true.
   */
  lock?: boolean;
}

/**
 * Locks the oldest approved, unexecuted decision for this transaction and returns it, or null
 * (a decision without a time comes last). With `lock: false`, only reads it.
 * `SKIP LOCKED`: a decision another executor holds is passed over, never taken twice; the lock
 * lasts until the caller's transaction ends, by which time the decision is marked executed.
 */
export async function claimNextDecision(manager: EntityManager, filter: ClaimFilter = {}): Promise<ClaimedDecision | null> {
  if (filter.only && filter.only.length === 0) return null;
  const table = await decisionTableOf(manager);
  const params: unknown[] = [];
  const conditions = pendingConditions();
  if (filter.exclude && filter.exclude.length > 0) {
    params.push(filter.exclude);
    conditions.push(`NOT (${col(keyOf(table))}::text = ANY ($${params.length}::text[]))`);
  }
  if (filter.only) {
    params.push(filter.only);
    conditions.push(`${col(keyOf(table))}::text = ANY ($${params.length}::text[])`);
  }
  // Earlier runs that ended in a broker outage or an error: bounded retries count these.
  const attempts = `(SELECT count(*) FROM execution_log l WHERE l.analysis_decision_id = ${col('Analysis_Id')}::text AND l.outcome IN ('retry', 'failed')) AS attempts`;
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT ${selectList(table).join(', ')}, ${attempts}
     FROM ${table.sql} d WHERE ${conditions.join(' AND ')}
     ORDER BY ${orderBy(table)} LIMIT 1${filter.lock === false ? '' : ' FOR UPDATE OF d SKIP LOCKED'}`,
    params,
  );
  const row = rows[0];
  return row ? { ...decisionRow(row), attempts: Number(row['attempts']) } : null;
}

/** The other rows, executed or not, that carry the same non-empty `Analysis_Id` as this one. */
export async function findRowsSharingAnalysisId(
  manager: EntityManager,
  row: Pick<DecisionRow, 'rowKey' | 'analysisId'>,
): Promise<Array<{ rowKey: string; ticker: string }>> {
  const table = await decisionTableOf(manager);
  return manager.query(
    `SELECT ${col(keyOf(table))}::text AS "rowKey", ${col('Ticker')}::text AS ticker FROM ${table.sql} d
     WHERE ${col('Analysis_Id')}::text = $1 AND ${col(keyOf(table))}::text <> $2 ORDER BY 1`,
    [row.analysisId, row.rowKey],
  );
}

export interface DecisionOutcome {
  executionTime: Date;
  existingOrderId?: string | null;
  existingTradeJournalId?: number | null;
}

/**
 * Marks a decision handled, whatever the outcome, so no run takes it again; NocoDB's `updated_at`
 * too when the table has it, so NocoDB shows the row changed.
 */
export async function markDecisionExecuted(manager: EntityManager, rowKey: string, outcome: DecisionOutcome): Promise<void> {
  const table = await decisionTableOf(manager);
  const params: unknown[] = [rowKey, outcome.executionTime];
  const sets = ['executed = true', 'execution_time = $2'];
  if (hasColumn(table, 'updated_at')) sets.push('updated_at = $2');
  if (outcome.existingOrderId !== undefined) {
    params.push(outcome.existingOrderId);
    sets.push(`existing_order_id = $${params.length}`);
  }
  if (outcome.existingTradeJournalId !== undefined) {
    params.push(outcome.existingTradeJournalId);
    sets.push(`existing_trade_journal_id = $${params.length}`);
  }
  // The key compared as itself (its type inferred from the column), so its index serves.
  await manager.query(`UPDATE ${table.sql} SET ${sets.join(', ')} WHERE ${quoteIdent(keyOf(table))} = $1`, params);
}

/** Approved decisions not yet executed: what the next execute run will take. */
export async function countPendingDecisions(manager: EntityManager): Promise<number> {
  const table = await decisionTableOf(manager);
  const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM ${table.sql} d WHERE ${pendingConditions().join(' AND ')}`);
  return count;
}

/** Approved, unexecuted decisions, oldest first, at most `limit`, without locking them. */
export async function findPendingDecisions(manager: EntityManager, limit: number): Promise<DecisionRow[]> {
  const table = await decisionTableOf(manager);
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT ${selectList(table).join(', ')} FROM ${table.sql} d WHERE ${pendingConditions().join(' AND ')} ORDER BY ${orderBy(table)} LIMIT $1`,
    [limit],
  );
  return rows.map(decisionRow);
}

function pendingConditions(): string[] {
  return [`${col('Approve')} = true`, 'd.executed IS NOT TRUE'];
}

function keyOf(table: DecisionTable): string {
  if (!table.key) throw new Error(`${table.schema}.${table.table} has no primary key; run db:setup --production for what to add.`);
  return table.key;
}

function orderBy(table: DecisionTable): string {
  const writtenAt = writtenAtColumn(table);
  return [...(writtenAt ? [`${col(writtenAt)} ASC`] : []), `${col(keyOf(table))} ASC`].join(', ');
}

function selectList(table: DecisionTable): string[] {
  const writtenAt = writtenAtColumn(table);
  const dateType = table.columns.get('Date');
  const date =
    dateType === undefined
      ? 'NULL'
      : dateType.startsWith('date') || dateType.startsWith('timestamp')
        ? `to_char(${col('Date')}, 'YYYY-MM-DD')`
        : `${col('Date')}::text`;
  return [
    `${col(keyOf(table))}::text AS "rowKey"`,
    `${col('Analysis_Id')}::text AS "analysisId"`,
    `${col('Ticker')}::text AS ticker`,
    `${col('Decision')} AS decision`,
    `${date} AS date`,
    `${writtenAt ? col(writtenAt) : 'NULL::timestamp'} AS "dateTime"`,
    'd.existing_order_id::text AS "existingOrderId"',
    'd.existing_trade_journal_id::text AS "existingTradeJournalId"',
  ];
}

function decisionRow(row: Record<string, unknown>): DecisionRow {
  const journalId = row['existingTradeJournalId'] as string | null;
  return {
    rowKey: row['rowKey'] as string,
    analysisId: (row['analysisId'] as string | null) ?? '',
    ticker: (row['ticker'] as string | null) ?? '',
    decision: row['decision'],
    date: (row['date'] as string | null) ?? null,
    dateTime: row['dateTime'] instanceof Date ? row['dateTime'] : null,
    existingOrderId: (row['existingOrderId'] as string | null) ?? null,
    existingTradeJournalId: journalId === null || journalId === undefined ? null : Number(journalId),
  };
}
