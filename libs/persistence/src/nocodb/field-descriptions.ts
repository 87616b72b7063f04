import { BROKER_ORDER_STATUSES, journalStatusOf } from '@trading-monitor/domain';
import { DAYS_OPEN_COMMENT } from '../schema/product-tables-sql';

// What NocoDB shows under a field's name (its description), where a trader reads the table: the
// journal's words that are not the broker's, said once.

/** `pending` ← new, accepted, …: the journal's status for each of the broker's words. */
export function orderStatusDescription(): string {
  const byJournal = new Map<string, string[]>();
  for (const status of BROKER_ORDER_STATUSES) {
    const journal = journalStatusOf(status).journal;
    byJournal.set(journal, [...(byJournal.get(journal) ?? []), status]);
  }
  const lines = [...byJournal].map(([journal, broker]) => `${journal} = broker ${broker.join(', ')}`);
  return `The journal's status, not the broker's word: ${lines.join('; ')}. A working order with fills is partially_filled.`;
}

const DESCRIPTIONS: Record<string, () => string> = {
  'order_execution.order_status': orderStatusDescription,
  'trade_journal.days_open': () => DAYS_OPEN_COMMENT,
  'trade_journal.planned_entry': () => 'Shown at cents; planned_entry_exact holds the exact price the orders use.',
  'execution_log.outcome': () => 'ok, refused (with the reason in message), retry, failed or info.',
};

export function fieldDescription(table: string, column: string): string | undefined {
  return DESCRIPTIONS[`${table}.${column}`]?.();
}

export const TABLE_DESCRIPTIONS: Record<string, string> = {
  trade_journal: 'One row per trade, written by trading-monitor. Prices are shown at cents; the *_exact fields hold the exact prices.',
  order_execution: 'Every order trading-monitor placed: entry, stop-loss, take-profit.',
  position_tracking: 'One row per open position, marked to market by trading-monitor.',
  trade_adjustments: 'Reserved for stop moves, scale-ins and partial profits (a later phase).',
  execution_log: 'Every action and refusal of trading-monitor, with its reason.',
};
