import type { EntityManager } from '@trading-monitor/persistence';

/** The advisory-lock namespace of trade syncs (pg_advisory_xact_lock(int, int): namespace, trade id). */
const TRADE_LOCK_SPACE = 16016;

/**
 * The one trade lock. Serialises every lifecycle step on one trade, across processes: a PostgreSQL advisory lock keyed
 * by trade_journal.id, held until the caller's transaction ends (commit or rollback, so a crash
 * never leaves it held). A trade-update event and the order monitor's pass on the same trade run
 * one after the other; the second loads the state the first committed and finds nothing to do.
 * Chosen over SELECT … FOR UPDATE on the trade row because it needs no row to exist yet and does
 * not block readers (status, report) of trade_journal.
 */
export async function lockTrade(manager: EntityManager, tradeJournalId: number): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [TRADE_LOCK_SPACE, tradeJournalId]);
}
