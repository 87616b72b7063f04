/** `trade_journal.status`. */
export const TRADE_STATUSES = ['ORDERED', 'POSITION', 'CLOSED', 'CANCELLED'] as const;
export type TradeStatus = (typeof TRADE_STATUSES)[number];

export const TRADE_EVENTS = [
  'ENTRY_FILLED', // some or all of the entry filled: there is a position to protect
  'ENTRY_CANCELLED', // CANCEL or AMEND decision, or cancelled at the broker, nothing filled
  'ENTRY_EXPIRED', // a day entry still open at the close, nothing filled
  'ENTRY_REJECTED', // the broker refused the entry after accepting the submit
  'EXIT_FILLED', // a protective order (or the product's own exit) closed the whole position
  'CLOSED_AT_BROKER', // the position vanished at the broker: closed outside the product
] as const;
export type TradeEvent = (typeof TRADE_EVENTS)[number];

// The whole trade lifecycle in one place. A partial fill is ENTRY_FILLED too; more fills keep the
// trade in POSITION, which is why POSITION accepts ENTRY_FILLED.
const TRADE_TRANSITIONS = {
  ORDERED: { ENTRY_FILLED: 'POSITION', ENTRY_CANCELLED: 'CANCELLED', ENTRY_EXPIRED: 'CANCELLED', ENTRY_REJECTED: 'CANCELLED' },
  POSITION: { ENTRY_FILLED: 'POSITION', EXIT_FILLED: 'CLOSED', CLOSED_AT_BROKER: 'CLOSED' },
  CLOSED: {},
  CANCELLED: {},
} as const satisfies Record<TradeStatus, Partial<Record<TradeEvent, TradeStatus>>>;

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
}

/** The status after `event`, or an `IllegalTransitionError` naming what was attempted. */
export function nextTradeStatus(status: TradeStatus, event: TradeEvent): TradeStatus {
  const next = (TRADE_TRANSITIONS[status] as Partial<Record<TradeEvent, TradeStatus>>)[event];
  if (!next) {
    throw new IllegalTransitionError(`A trade in status ${status} cannot take the event ${event}`);
  }
  return next;
}

export function canTakeTradeEvent(status: TradeStatus, event: TradeEvent): boolean {
  return event in TRADE_TRANSITIONS[status];
}

/** The trade holds (or may still come to hold) shares: it needs watching. */
export function isOpenTrade(status: TradeStatus): boolean {
  return status === 'ORDERED' || status === 'POSITION';
}
