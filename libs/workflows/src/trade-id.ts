import { createHash } from 'node:crypto';
import { newYorkDate } from '@trading-monitor/broker';

/**
 * `trade_journal.trade_id` (≤ 50 chars): readable, and derived from the decision so a retried
 * execution after a crash recreates the same id instead of a second trade: `NVDA-20250115-3f2a9c1b7d`.
 */
export function tradeIdOf(symbol: string, analysisId: string, at: Date): string {
  const day = newYorkDate(at).replaceAll('-', '');
  const digest = createHash('sha256').update(analysisId).digest('hex').slice(0, 10);
  return `${symbol.slice(0, 24)}-${day}-${digest}`;
}
