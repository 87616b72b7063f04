import fc from 'fast-check';
import { applyBrokerOrderReport, applyOrderReport, canOrderMove, isWorkingOrderStatus, type OrderState } from './order-lifecycle';
import { JOURNAL_ORDER_STATUSES, type JournalOrderStatus } from './order-status';
import { IllegalTransitionError } from './trade-lifecycle';

type Outcome = 'changed' | 'unchanged' | 'stale' | 'illegal';

// Each status with a typical filled quantity for a 45-share order.
const TYPICAL: Record<JournalOrderStatus, number> = {
  pending: 0,
  partially_filled: 20,
  filled: 45,
  cancelled: 20,
  expired: 0,
  rejected: 0,
};

// Journal holds (row) → broker reports (column), at the typical quantities above.
const EXPECTED: Record<JournalOrderStatus, Record<JournalOrderStatus, Outcome>> = {
  pending: { pending: 'unchanged', partially_filled: 'changed', filled: 'changed', cancelled: 'changed', expired: 'changed', rejected: 'changed' },
  // expired and rejected with 0 filled would take back the 20 shares already filled.
  partially_filled: { pending: 'stale', partially_filled: 'unchanged', filled: 'changed', cancelled: 'changed', expired: 'illegal', rejected: 'illegal' },
  filled: { pending: 'illegal', partially_filled: 'illegal', filled: 'unchanged', cancelled: 'illegal', expired: 'illegal', rejected: 'illegal' },
  cancelled: { pending: 'illegal', partially_filled: 'illegal', filled: 'illegal', cancelled: 'unchanged', expired: 'illegal', rejected: 'illegal' },
  expired: { pending: 'illegal', partially_filled: 'illegal', filled: 'illegal', cancelled: 'illegal', expired: 'unchanged', rejected: 'illegal' },
  rejected: { pending: 'illegal', partially_filled: 'illegal', filled: 'illegal', cancelled: 'illegal', expired: 'illegal', rejected: 'unchanged' },
};

// The table itself: which statuses may follow which.
const MOVES: Record<JournalOrderStatus, JournalOrderStatus[]> = {
  pending: ['partially_filled', 'filled', 'cancelled', 'expired', 'rejected'],
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'expired', 'rejected'],
  filled: [],
  cancelled: [],
  expired: [],
  rejected: [],
};

function outcomeOf(held: OrderState, reported: OrderState): Outcome {
  try {
    return applyOrderReport(held, reported).outcome;
  } catch (error) {
    if (error instanceof IllegalTransitionError) return 'illegal';
    throw error;
  }
}

const state = (status: JournalOrderStatus, filledQty = TYPICAL[status]): OrderState => ({ status, filledQty });
const EVERY_PAIR = JOURNAL_ORDER_STATUSES.flatMap((from) => JOURNAL_ORDER_STATUSES.map((to) => [from, to] as const));

describe('order lifecycle table', () => {
  it.each(EVERY_PAIR)('%s → %s', (from, to) => {
    expect(canOrderMove(from, to)).toBe(MOVES[from].includes(to));
  });

  it.each(JOURNAL_ORDER_STATUSES)('%s is working only before it is final', (status) => {
    expect(isWorkingOrderStatus(status)).toBe(status === 'pending' || status === 'partially_filled');
  });
});

describe('applyOrderReport', () => {
  it.each(EVERY_PAIR)('journal %s, broker reports %s', (from, to) => {
    expect(outcomeOf(state(from), state(to))).toBe(EXPECTED[from][to]);
  });

  it.each([
    ['more shares fill', state('partially_filled', 20), state('partially_filled', 30), 'changed'],
    ['a stale snapshot with fewer shares', state('partially_filled', 30), state('partially_filled', 20), 'stale'],
    ['a stale snapshot from before any fill', state('partially_filled', 30), state('pending', 0), 'stale'],
    ['the rest is cancelled', state('partially_filled', 20), state('cancelled', 20), 'changed'],
    ['the rest expires after one more fill', state('partially_filled', 20), state('expired', 25), 'changed'],
    ['a cancel that missed a fill', state('pending', 0), state('cancelled', 10), 'changed'],
    ['a final report taking fills back', state('partially_filled', 20), state('filled', 10), 'illegal'],
    ['a final state with other fills', state('cancelled', 20), state('cancelled', 25), 'illegal'],
    ['filled going back to pending', state('filled', 45), state('pending', 0), 'illegal'],
    ['a pending label on shares already filled', state('partially_filled', 20), state('pending', 20), 'unchanged'],
    ['a pending label on new shares', state('pending', 0), state('pending', 5), 'changed'],
    ['a journal label that contradicts its fills', state('pending', 5), state('partially_filled', 5), 'changed'],
  ] as const)('%s: %s', (_what, held, reported, outcome) => {
    expect(outcomeOf(held, reported)).toBe(outcome);
  });

  it('returns the state to record, with a working status that matches its fills', () => {
    expect(applyOrderReport(state('pending'), state('pending', 5))).toEqual({ outcome: 'changed', state: { status: 'partially_filled', filledQty: 5 } });
    expect(applyOrderReport(state('partially_filled', 30), state('pending', 0))).toEqual({ outcome: 'stale', state: state('partially_filled', 30) });
  });

  it('says what it refuses', () => {
    expect(() => applyOrderReport(state('filled', 45), state('pending', 0))).toThrow(
      'An order filled with 45 filled cannot become pending with 0 filled: filled is final',
    );
    expect(() => applyOrderReport(state('partially_filled', 20), state('filled', 10))).toThrow('fills are never taken back');
  });

  it.each([-1, 1.5, NaN])('refuses the filled quantity %p', (qty) => {
    expect(() => applyOrderReport(state('pending', qty), state('pending'))).toThrow(RangeError);
    expect(() => applyOrderReport(state('pending'), state('pending', qty))).toThrow(RangeError);
  });

  it('is idempotent and never moves backwards, whatever order the reports arrive in', () => {
    // The broker's true history: fills grow, then maybe a final status. Reports replay it shuffled,
    // with duplicates, as retries and overlapping runs would.
    const historyArb = fc
      .tuple(fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 6 }), fc.constantFrom<JournalOrderStatus | null>(null, 'filled', 'cancelled', 'expired'))
      .map(([steps, end]) => {
        const history: OrderState[] = [state('pending', 0)];
        let qty = 0;
        for (const step of steps) history.push({ status: 'partially_filled', filledQty: (qty += step) });
        if (end) history.push({ status: end === 'filled' && qty === 0 ? 'cancelled' : end, filledQty: qty });
        return history;
      });
    fc.assert(
      fc.property(
        historyArb.chain((history) => fc.tuple(fc.constant(history), fc.array(fc.nat(history.length - 1), { maxLength: 20 }))),
        ([history, picks]) => {
          let held = history[0] as OrderState;
          for (const pick of picks) {
            const reported = history[pick] as OrderState;
            const update = applyOrderReport(held, reported);
            expect(update.state.filledQty).toBeGreaterThanOrEqual(held.filledQty);
            expect(applyOrderReport(update.state, reported).outcome).not.toBe('changed');
            held = update.state;
            // Once final, only the same final report is accepted: a later pick of an earlier snapshot cannot arrive.
            if (!isWorkingOrderStatus(held.status)) break;
          }
        },
      ),
    );
  });
});

describe('applyBrokerOrderReport', () => {
  it.each([
    ['accepted', 0, state('pending'), 'unchanged', 'pending'],
    ['held', 0, state('pending'), 'unchanged', 'pending'],
    ['pending_cancel', 20, state('pending'), 'changed', 'partially_filled'],
    ['partially_filled', 10, state('partially_filled', 20), 'stale', 'partially_filled'],
    ['filled', 45, state('partially_filled', 20), 'changed', 'filled'],
    ['canceled', 20, state('partially_filled', 20), 'changed', 'cancelled'],
    ['replaced', 0, state('pending'), 'changed', 'cancelled'],
    ['expired', 0, state('pending'), 'changed', 'expired'],
  ] as const)('applies %s with %i filled', (status, filledQty, held, outcome, journal) => {
    const update = applyBrokerOrderReport(held, { status, filledQty });
    expect(update.outcome).toBe(outcome);
    expect(update.state.status).toBe(journal);
  });

  it("refuses an impossible report in the broker's words too", () => {
    expect(() => applyBrokerOrderReport(state('filled'), { status: 'new', filledQty: 0 })).toThrow(IllegalTransitionError);
  });
});
