/** Every order status the Alpaca Trading API v2 reports. */
export const BROKER_ORDER_STATUSES = [
  'new',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'stopped',
  'rejected',
  'suspended',
  'calculated',
  'held',
] as const;
export type BrokerOrderStatus = (typeof BROKER_ORDER_STATUSES)[number];

/** The journal's smaller vocabulary (`order_execution.order_status`). */
export const JOURNAL_ORDER_STATUSES = ['pending', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'] as const;
export type JournalOrderStatus = (typeof JOURNAL_ORDER_STATUSES)[number];

interface StatusMapping {
  journal: JournalOrderStatus;
  /** The broker will not change this order any more. */
  terminal: boolean;
}

// Working states keep the order alive at the broker: done_for_day and calculated close the day, not
// the order; stopped guarantees a fill that has not been reported yet; held is an OCO/bracket leg
// waiting for its turn. `replaced` ends this order id: its replacement carries on under a new id.
const MAPPING: Record<BrokerOrderStatus, StatusMapping> = {
  new: { journal: 'pending', terminal: false },
  accepted: { journal: 'pending', terminal: false },
  pending_new: { journal: 'pending', terminal: false },
  accepted_for_bidding: { journal: 'pending', terminal: false },
  held: { journal: 'pending', terminal: false },
  suspended: { journal: 'pending', terminal: false },
  pending_cancel: { journal: 'pending', terminal: false },
  pending_replace: { journal: 'pending', terminal: false },
  done_for_day: { journal: 'pending', terminal: false },
  calculated: { journal: 'pending', terminal: false },
  stopped: { journal: 'pending', terminal: false },
  partially_filled: { journal: 'partially_filled', terminal: false },
  filled: { journal: 'filled', terminal: true },
  canceled: { journal: 'cancelled', terminal: true },
  replaced: { journal: 'cancelled', terminal: true },
  expired: { journal: 'expired', terminal: true },
  rejected: { journal: 'rejected', terminal: true },
};

/**
 * The journal status for a broker status. A working order that already has fills is
 * `partially_filled` whatever the broker's word for it (pending_cancel with 20 of 45 filled, say).
 */
export function journalStatusOf(status: BrokerOrderStatus, filledQty = 0): StatusMapping {
  // Own keys only: a status such as "toString" must not find Object.prototype's.
  const mapping = Object.hasOwn(MAPPING, status) ? MAPPING[status] : undefined;
  if (!mapping) throw new Error(`Unknown broker order status "${status}"`);
  if (!mapping.terminal && filledQty > 0) return { journal: 'partially_filled', terminal: false };
  return mapping;
}

export function isTerminalJournalStatus(status: JournalOrderStatus): boolean {
  return status === 'filled' || status === 'cancelled' || status === 'rejected' || status === 'expired';
}

export function isBrokerOrderStatus(value: string): value is BrokerOrderStatus {
  return (BROKER_ORDER_STATUSES as readonly string[]).includes(value);
}
