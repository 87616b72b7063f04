import {
  canTakeTradeEvent,
  IllegalTransitionError,
  isOpenTrade,
  nextTradeStatus,
  TRADE_EVENTS,
  TRADE_STATUSES,
  type TradeEvent,
  type TradeStatus,
} from './trade-lifecycle';

// The expected lifecycle, written out independently of the table it tests. Anything absent is illegal.
const ALLOWED: Record<TradeStatus, Partial<Record<TradeEvent, TradeStatus>>> = {
  ORDERED: { ENTRY_FILLED: 'POSITION', ENTRY_CANCELLED: 'CANCELLED', ENTRY_EXPIRED: 'CANCELLED', ENTRY_REJECTED: 'CANCELLED' },
  // The rest of a partially filled entry ending is no trade event: the filled shares stay a POSITION,
  // and refusing ENTRY_CANCELLED/ENTRY_EXPIRED here stops a live position being marked cancelled.
  POSITION: { ENTRY_FILLED: 'POSITION', EXIT_FILLED: 'CLOSED', CLOSED_AT_BROKER: 'CLOSED' },
  CLOSED: {},
  CANCELLED: {},
};

const EVERY_PAIR = TRADE_STATUSES.flatMap((status) => TRADE_EVENTS.map((event) => [status, event] as const));

describe('trade lifecycle', () => {
  it('walks all 24 (status, event) pairs', () => {
    expect(EVERY_PAIR).toHaveLength(TRADE_STATUSES.length * TRADE_EVENTS.length);
  });

  it.each(EVERY_PAIR)('%s + %s', (status, event) => {
    const expected = ALLOWED[status][event];
    expect(canTakeTradeEvent(status, event)).toBe(expected !== undefined);
    if (expected) {
      expect(nextTradeStatus(status, event)).toBe(expected);
    } else {
      expect(() => nextTradeStatus(status, event)).toThrow(IllegalTransitionError);
      expect(() => nextTradeStatus(status, event)).toThrow(`A trade in status ${status} cannot take the event ${event}`);
    }
  });

  it.each([
    ['ORDERED', true],
    ['POSITION', true],
    ['CLOSED', false],
    ['CANCELLED', false],
  ] as const)('%s is open: %s', (status, open) => {
    expect(isOpenTrade(status)).toBe(open);
  });

  it('names its error', () => {
    expect(new IllegalTransitionError('x').name).toBe('IllegalTransitionError');
  });
});
