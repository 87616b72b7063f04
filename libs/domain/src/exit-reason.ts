import type { JournalOrderStatus } from './order-status';
import type { TradeEvent } from './trade-lifecycle';

/** `trade_journal.exit_reason`: why a trade left the open states. */
export const EXIT_REASONS = ['STOPPED_OUT', 'TARGET_HIT', 'MANUAL_EXIT', 'CANCELLED', 'AMENDED', 'EXPIRED', 'REJECTED'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** A protective order that filled, with when its last share filled. */
export interface ProtectiveFill {
  role: 'STOP_LOSS' | 'TAKE_PROFIT';
  filledAt: Date;
}

/** What happened to end the trade. */
export type TradeEnding =
  /** One or more of the product's protective orders filled and the position is gone. */
  | { kind: 'PROTECTIVE_FILLED'; fills: readonly ProtectiveFill[] }
  /** The position vanished at the broker and no product exit order filled: closed by hand. */
  | { kind: 'CLOSED_AT_BROKER' }
  /** The entry was cancelled by a CANCEL decision (or at the broker) before anything filled. */
  | { kind: 'ENTRY_CANCELLED' }
  /** The entry was cancelled to be replaced by an AMEND decision's new entry. */
  | { kind: 'ENTRY_REPLACED' }
  /** A `day` entry was still open at the close with nothing filled. */
  | { kind: 'ENTRY_EXPIRED' }
  | { kind: 'ENTRY_REJECTED' };

const REASON_BY_ROLE = { STOP_LOSS: 'STOPPED_OUT', TAKE_PROFIT: 'TARGET_HIT' } as const satisfies Record<ProtectiveFill['role'], ExitReason>;

const REASON_BY_ENDING = {
  CLOSED_AT_BROKER: 'MANUAL_EXIT',
  ENTRY_CANCELLED: 'CANCELLED',
  ENTRY_REPLACED: 'AMENDED',
  ENTRY_EXPIRED: 'EXPIRED',
  ENTRY_REJECTED: 'REJECTED',
} as const satisfies Record<Exclude<TradeEnding['kind'], 'PROTECTIVE_FILLED'>, ExitReason>;

// The trade-lifecycle event each reason closes the trade with.
const EVENT_BY_REASON = {
  STOPPED_OUT: 'EXIT_FILLED',
  TARGET_HIT: 'EXIT_FILLED',
  MANUAL_EXIT: 'CLOSED_AT_BROKER',
  CANCELLED: 'ENTRY_CANCELLED',
  AMENDED: 'ENTRY_CANCELLED',
  EXPIRED: 'ENTRY_EXPIRED',
  REJECTED: 'ENTRY_REJECTED',
} as const satisfies Record<ExitReason, TradeEvent>;

/**
 * Why the trade ended. When several protective orders filled (the OCOs of separate fill
 * increments, say), the one that completed the close decides: the latest fill. On a tie the stop
 * wins, so a loss is never reported as TARGET_HIT.
 */
export function exitReasonOf(ending: TradeEnding): ExitReason {
  if (ending.kind !== 'PROTECTIVE_FILLED') return REASON_BY_ENDING[ending.kind];
  if (ending.fills.length === 0) throw new RangeError('A protective exit needs at least one filled protective order');
  const closing = ending.fills.reduce((last, fill) => {
    const order = fill.filledAt.getTime() - last.filledAt.getTime();
    if (order !== 0) return order > 0 ? fill : last;
    return fill.role === 'STOP_LOSS' ? fill : last;
  });
  return REASON_BY_ROLE[closing.role];
}

/**
 * How a trade whose entry orders all ended with nothing filled ended: a rejection says the most,
 * then an expiry; otherwise it was cancelled, and a cancel made by an AMEND decision replaced it.
 */
export function unfilledEntryEnding(ended: readonly JournalOrderStatus[], cancelledBy?: 'CANCEL' | 'AMEND'): TradeEnding {
  if (ended.includes('rejected')) return { kind: 'ENTRY_REJECTED' };
  if (ended.includes('expired')) return { kind: 'ENTRY_EXPIRED' };
  return cancelledBy === 'AMEND' ? { kind: 'ENTRY_REPLACED' } : { kind: 'ENTRY_CANCELLED' };
}

/** The trade-lifecycle event that goes with an exit reason. */
export function tradeEventOf(reason: ExitReason): TradeEvent {
  return EVENT_BY_REASON[reason];
}

export function isExitReason(value: string): value is ExitReason {
  return (EXIT_REASONS as readonly string[]).includes(value);
}
