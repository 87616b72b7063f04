import { isTerminalJournalStatus, journalStatusOf, type BrokerOrderStatus, type JournalOrderStatus } from './order-status';
import { IllegalTransitionError } from './trade-lifecycle';

// The journal's order lifecycle in one place: the statuses an order may move to from each status.
// partially_filled → partially_filled is more shares filling. Terminal states are final.
const ORDER_TRANSITIONS = {
  pending: ['partially_filled', 'filled', 'cancelled', 'expired', 'rejected'],
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'expired', 'rejected'],
  filled: [],
  cancelled: [],
  expired: [],
  rejected: [],
} as const satisfies Record<JournalOrderStatus, readonly JournalOrderStatus[]>;

// Moves that only an out-of-date broker snapshot can show (a list answer served from before the
// fill, a retry racing a newer run): ignored, never applied, never an error.
const STALE_MOVES = {
  pending: [],
  partially_filled: ['pending'],
  filled: [],
  cancelled: [],
  expired: [],
  rejected: [],
} as const satisfies Record<JournalOrderStatus, readonly JournalOrderStatus[]>;

/** What the journal holds for an order, or what the broker now reports for it (journal vocabulary). */
export interface OrderState {
  status: JournalOrderStatus;
  filledQty: number;
}

export type OrderUpdate =
  /** The journal should record `state`. */
  | { outcome: 'changed'; state: OrderState }
  /** The report says what the journal already holds. */
  | { outcome: 'unchanged'; state: OrderState }
  /** The report is older than what the journal holds: the journal keeps its state. */
  | { outcome: 'stale'; state: OrderState };

export function canOrderMove(from: JournalOrderStatus, to: JournalOrderStatus): boolean {
  return (ORDER_TRANSITIONS[from] as readonly JournalOrderStatus[]).includes(to);
}

/** The broker may still fill or cancel it. */
export function isWorkingOrderStatus(status: JournalOrderStatus): boolean {
  return !isTerminalJournalStatus(status);
}

function assertFilledQty(state: OrderState, who: string): void {
  if (!Number.isSafeInteger(state.filledQty) || state.filledQty < 0) {
    throw new RangeError(`The filled quantity ${who} must be a non-negative whole number, got ${state.filledQty}`);
  }
}

// A working order with shares filled is partially_filled, one without is pending, whatever label
// it arrived with: the same rule `journalStatusOf` applies to broker statuses.
function normalised(state: OrderState): OrderState {
  if (isTerminalJournalStatus(state.status)) return state;
  return { status: state.filledQty > 0 ? 'partially_filled' : 'pending', filledQty: state.filledQty };
}

function illegal(held: OrderState, reported: OrderState, why: string): IllegalTransitionError {
  return new IllegalTransitionError(
    `An order ${held.status} with ${held.filledQty} filled cannot become ${reported.status} with ` + `${reported.filledQty} filled: ${why}`,
  );
}

/**
 * Applies what the broker reports to what the journal holds. Idempotent: applying the same report
 * twice gives `unchanged` the second time. Stale reports (a working order going back to pending,
 * or fewer shares filled) are ignored; moves no broker can make (out of a terminal state, a
 * terminal state with fewer shares than already recorded) throw `IllegalTransitionError`.
 */
export function applyOrderReport(journal: OrderState, broker: OrderState): OrderUpdate {
  assertFilledQty(journal, 'the journal holds');
  assertFilledQty(broker, 'the broker reports');
  const held = normalised(journal);
  const reported = normalised(broker);
  if (held.status === reported.status && held.filledQty === reported.filledQty) {
    // Unchanged, unless the journal's own label was inconsistent with its fills and needs correcting.
    return { outcome: held.status === journal.status ? 'unchanged' : 'changed', state: held };
  }
  if (isTerminalJournalStatus(held.status)) throw illegal(held, reported, `${held.status} is final`);

  const fewerShares = reported.filledQty < held.filledQty;
  const backwards = (STALE_MOVES[held.status] as readonly JournalOrderStatus[]).includes(reported.status);
  if (isTerminalJournalStatus(reported.status)) {
    // A final report is the broker's last word: it cannot be older than a working snapshot.
    if (fewerShares) throw illegal(held, reported, 'fills are never taken back');
  } else if (fewerShares || backwards) {
    return { outcome: 'stale', state: held };
  }
  if (!canOrderMove(held.status, reported.status)) throw illegal(held, reported, 'no such move');
  return { outcome: 'changed', state: { status: reported.status, filledQty: reported.filledQty } };
}

/** `applyOrderReport` for a report in the broker's own words (`status` as Alpaca names it). */
export function applyBrokerOrderReport(journal: OrderState, broker: { status: BrokerOrderStatus; filledQty: number }): OrderUpdate {
  const reported = { status: journalStatusOf(broker.status, broker.filledQty).journal, filledQty: broker.filledQty };
  return applyOrderReport(journal, reported);
}
