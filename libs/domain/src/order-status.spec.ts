import {
  BROKER_ORDER_STATUSES,
  isBrokerOrderStatus,
  isTerminalJournalStatus,
  JOURNAL_ORDER_STATUSES,
  journalStatusOf,
  type BrokerOrderStatus,
  type JournalOrderStatus,
} from './order-status';

// Every status docs/broker-rules.md lists, with the journal status it maps to and whether the broker is done with it.
const EXPECTED: Record<BrokerOrderStatus, [JournalOrderStatus, boolean]> = {
  new: ['pending', false],
  accepted: ['pending', false],
  pending_new: ['pending', false],
  accepted_for_bidding: ['pending', false],
  partially_filled: ['partially_filled', false],
  filled: ['filled', true],
  done_for_day: ['pending', false],
  canceled: ['cancelled', true],
  expired: ['expired', true],
  replaced: ['cancelled', true],
  pending_cancel: ['pending', false],
  pending_replace: ['pending', false],
  stopped: ['pending', false],
  rejected: ['rejected', true],
  suspended: ['pending', false],
  calculated: ['pending', false],
  held: ['pending', false],
};

describe('journalStatusOf', () => {
  it('knows exactly the statuses Alpaca reports (docs/broker-rules.md)', () => {
    expect([...BROKER_ORDER_STATUSES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('maps %s with no fills to %j', (status, [journal, terminal]) => {
    expect(journalStatusOf(status as BrokerOrderStatus)).toEqual({ journal, terminal });
  });

  it.each(Object.entries(EXPECTED))('maps %s with 20 shares filled', (status, [journal, terminal]) => {
    // A working order with fills is partially_filled whatever the broker calls it; a final one keeps its word.
    const expected = terminal ? { journal, terminal } : { journal: 'partially_filled', terminal: false };
    expect(journalStatusOf(status as BrokerOrderStatus, 20)).toEqual(expected);
  });

  it.each(['bogus', 'toString', 'constructor', ''])('refuses the unknown status %p', (status) => {
    expect(() => journalStatusOf(status as BrokerOrderStatus)).toThrow(`Unknown broker order status "${status}"`);
  });
});

describe('isTerminalJournalStatus', () => {
  it.each(JOURNAL_ORDER_STATUSES.map((status) => [status, !['pending', 'partially_filled'].includes(status)]))('%s is final: %s', (status, terminal) => {
    expect(isTerminalJournalStatus(status as JournalOrderStatus)).toBe(terminal);
  });
});

describe('isBrokerOrderStatus', () => {
  it.each(BROKER_ORDER_STATUSES)('recognises %s', (status) => {
    expect(isBrokerOrderStatus(status)).toBe(true);
  });

  it.each(['cancelled', 'pending', 'FILLED', 'toString'])('does not recognise %s', (status) => {
    expect(isBrokerOrderStatus(status)).toBe(false);
  });
});
