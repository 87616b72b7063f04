import { UnloadableRow, recordAudit, type EntityManager } from '@trading-monitor/persistence';
import type { Logger } from '@trading-monitor/config';

/**
 * A trade whose journal row cannot be used (UnloadableRow) is an alarm for that trade alone:
 * logged, written to execution_log, and the run goes on. Returns the alarm's message, or null when
 * the error is something else (the caller handles it as before).
 */
export async function alarmUnloadable(
  error: unknown,
  deps: { manager: EntityManager; log: Logger; job: string; at: Date },
  trade: { id: number; tradeId?: string; symbol?: string },
): Promise<string | null> {
  if (!(error instanceof UnloadableRow)) return null;
  const message = `ALARM: ${error.message}`;
  deps.log.error({ event: 'trade.unloadable', tradeId: trade.tradeId, tradeJournalId: trade.id, symbol: trade.symbol }, message);
  await recordAudit(deps.manager, {
    job: deps.job,
    action: 'trade.load',
    outcome: 'alarm',
    message,
    tradeJournalId: trade.id,
    symbol: trade.symbol,
    at: deps.at,
  });
  return message;
}
