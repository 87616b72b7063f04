import {
  afterCancel,
  planEntryChange,
  type AfterCancel,
  type AfterCancelStep,
  type CancelResultKind,
  type EntryChangeFacts,
  type EntryChangePlan,
  type TargetTrade,
} from './entry-change-plan';

const ORDERED: TargetTrade = { tradeId: 'T1', symbol: 'NVDA', status: 'ORDERED', exitReason: null, heldQty: null, entryPrice: null };
const HELD: TargetTrade = { ...ORDERED, status: 'POSITION', heldQty: 20, entryPrice: '133.80' };
const ENDED = (status: TargetTrade['status'], exitReason: string | null): TargetTrade => ({ ...ORDERED, status, exitReason });

const facts = (action: 'CANCEL' | 'AMEND', extra: Partial<EntryChangeFacts> = {}): EntryChangeFacts => ({
  action,
  symbol: 'NVDA',
  target: ORDERED,
  namedBy: null,
  resumed: false,
  workingEntry: true,
  newEntryPlaced: false,
  givenUp: null,
  stale: null,
  halted: null,
  ...extra,
});

const GIVEN_UP = 'Given up after 5 attempts.';
const STALE = 'the analysis is 6 days old.';
const refused = (text: string) => ({ kind: 'refuse', reason: expect.stringContaining(text) });

// [case, facts, plan]: every way into a CANCEL or AMEND, in the order the rules are read.
const PLANS: Array<[string, EntryChangeFacts, EntryChangePlan | object]> = [
  // Limits refuse a decision that has not started; a recorded intent (or an entry already placed) goes on.
  ['CANCEL tried too often, nothing recorded', facts('CANCEL', { givenUp: GIVEN_UP }), refused(GIVEN_UP)],
  ['CANCEL tried too often, its intent recorded', facts('CANCEL', { givenUp: GIVEN_UP, resumed: true }), { kind: 'cancel', then: 'report' }],
  ['AMEND tried too often, nothing recorded', facts('AMEND', { givenUp: GIVEN_UP }), refused(GIVEN_UP)],
  ['AMEND tried too often, its new entry already placed', facts('AMEND', { givenUp: GIVEN_UP, newEntryPlaced: true }), { kind: 'cancel-then-place' }],
  ['AMEND of a stale analysis, nothing recorded', facts('AMEND', { stale: STALE }), refused(`AMEND for NVDA: ${STALE}`)],
  ['AMEND of a stale analysis, its intent recorded', facts('AMEND', { stale: STALE, resumed: true }), { kind: 'cancel-then-place' }],
  ['CANCEL of a stale analysis (age does not matter to a cancel)', facts('CANCEL', { stale: STALE }), { kind: 'cancel', then: 'report' }],
  // No target.
  ['CANCEL with no trade', facts('CANCEL', { target: null }), refused('there is no open trade or order to cancel')],
  ['AMEND with no trade', facts('AMEND', { target: null }), refused('there is no open entry to amend')],
  [
    'AMEND with no trade but its new entry placed',
    facts('AMEND', { target: null, newEntryPlaced: true }),
    { kind: 'record-existing', then: 'place', relabelAmended: false },
  ],
  // A target in another symbol.
  [
    'CANCEL naming another symbol’s trade',
    facts('CANCEL', { symbol: 'AAPL', namedBy: 'existing_trade_journal_id 7' }),
    refused('existing_trade_journal_id 7 is trade T1 in NVDA, not AAPL'),
  ],
  ['AMEND naming another symbol’s trade', facts('AMEND', { symbol: 'AAPL', namedBy: 'existing_order_id o-1' }), refused('existing_order_id o-1 is trade T1')],
  // CANCEL.
  ['CANCEL of a working entry', facts('CANCEL'), { kind: 'cancel', then: 'report' }],
  [
    'CANCEL already confirmed after an earlier run',
    facts('CANCEL', { target: ENDED('CANCELLED', 'CANCELLED'), resumed: true }),
    { kind: 'record-existing', then: 'report', relabelAmended: false },
  ],
  [
    'CANCEL of a trade cancelled by someone else',
    facts('CANCEL', { target: ENDED('CANCELLED', 'EXPIRED') }),
    refused('is already CANCELLED; nothing to cancel'),
  ],
  ['CANCEL of a filled entry', facts('CANCEL', { target: HELD, workingEntry: false }), refused('has already filled (20 shares at 133.80)')],
  ['CANCEL of a partly filled entry (its rest working)', facts('CANCEL', { target: HELD }), { kind: 'cancel', then: 'report' }],
  [
    'CANCEL resumed after the entry filled meanwhile',
    facts('CANCEL', { target: HELD, workingEntry: false, resumed: true }),
    { kind: 'cancel', then: 'report' },
  ],
  ['CANCEL of a closed trade', facts('CANCEL', { target: ENDED('CLOSED', 'STOPPED_OUT') }), refused('is already CLOSED')],
  ['CANCEL resumed, the trade closed since', facts('CANCEL', { target: ENDED('CLOSED', 'STOPPED_OUT'), resumed: true }), refused('is already CLOSED')],
  // AMEND.
  ['AMEND of a working entry', facts('AMEND'), { kind: 'cancel-then-place' }],
  [
    'AMEND of a working entry while halted',
    facts('AMEND', { halted: 'maintenance' }),
    { kind: 'defer', reason: expect.stringContaining('halted (maintenance)') },
  ],
  ['AMEND of a filled entry', facts('AMEND', { target: HELD, workingEntry: false }), refused('has already filled')],
  ['AMEND of a partly filled entry (its rest working)', facts('AMEND', { target: HELD }), { kind: 'cancel', then: 'hold' }],
  ['AMEND resumed after the entry filled meanwhile', facts('AMEND', { target: HELD, workingEntry: false, resumed: true }), { kind: 'cancel', then: 'hold' }],
  [
    'AMEND resumed, old entry ended AMENDED',
    facts('AMEND', { target: ENDED('CANCELLED', 'AMENDED'), resumed: true }),
    { kind: 'record-existing', then: 'place', relabelAmended: false },
  ],
  [
    'AMEND resumed, old entry ended labelled CANCELLED',
    facts('AMEND', { target: ENDED('CANCELLED', 'CANCELLED'), resumed: true }),
    { kind: 'record-existing', then: 'place', relabelAmended: true },
  ],
  [
    'AMEND resumed while halted',
    facts('AMEND', { target: ENDED('CANCELLED', 'AMENDED'), resumed: true, halted: 'x' }),
    { kind: 'defer', reason: expect.any(String) },
  ],
  ['AMEND of a trade cancelled by someone else', facts('AMEND', { target: ENDED('CANCELLED', 'EXPIRED') }), refused('is already CANCELLED; nothing to amend')],
  ['AMEND of a closed trade', facts('AMEND', { target: ENDED('CLOSED', 'TARGET_HIT') }), refused('is already CLOSED; nothing to amend')],
  [
    'AMEND whose new entry is live, old trade ended by someone else',
    facts('AMEND', { target: ENDED('CANCELLED', 'EXPIRED'), newEntryPlaced: true }),
    { kind: 'record-existing', then: 'place', relabelAmended: true },
  ],
];

describe('planEntryChange', () => {
  it.each(PLANS)('%s', (_case, given, plan) => {
    expect(planEntryChange(given).plan).toEqual(plan);
  });

  it('is overdue (a failure now is an alarm, not a refusal) only past the limit with a recorded intent or placed entry', () => {
    expect(planEntryChange(facts('CANCEL', { givenUp: GIVEN_UP, resumed: true })).overdue).toBe(true);
    expect(planEntryChange(facts('AMEND', { givenUp: GIVEN_UP, newEntryPlaced: true })).overdue).toBe(true);
    expect(planEntryChange(facts('CANCEL', { givenUp: GIVEN_UP })).overdue).toBe(false);
    expect(planEntryChange(facts('CANCEL', { resumed: true })).overdue).toBe(false);
  });
});

// [case, then, facts, cancel result, shares held after, step]. The doubling guard: an AMEND whose old
// entry filled is never followed by its new entry, unless that new entry is already live (then it is recorded).
const AFTER: Array<[string, AfterCancel, EntryChangeFacts, CancelResultKind, number, AfterCancelStep | object]> = [
  ['CANCEL confirmed', 'report', facts('CANCEL'), 'cancelled', 0, { kind: 'cancelled', heldQty: 0, alarm: false }],
  ['CANCEL pending at the venue', 'report', facts('CANCEL'), 'pending', 0, { kind: 'wait' }],
  ['CANCEL lost the race to a fill', 'report', facts('CANCEL'), 'filled', 45, { kind: 'cancelled', heldQty: 45, alarm: true }],
  [
    'CANCEL of a partly filled entry, nothing more filled',
    'report',
    facts('CANCEL', { target: HELD }),
    'filled',
    20,
    { kind: 'cancelled', heldQty: 20, alarm: false },
  ],
  [
    'CANCEL of a partly filled entry, more filled meanwhile',
    'report',
    facts('CANCEL', { target: HELD }),
    'filled',
    25,
    { kind: 'cancelled', heldQty: 25, alarm: true },
  ],
  [
    'CANCEL resumed, the entry filled while the cancel was refused',
    'report',
    facts('CANCEL', { target: { ...HELD, heldQty: 45 }, resumed: true }),
    'filled',
    45,
    { kind: 'cancelled', heldQty: 45, alarm: true },
  ],
  ['AMEND: old entry cancelled, nothing filled', 'place', facts('AMEND'), 'cancelled', 0, { kind: 'place' }],
  ['AMEND: old cancel pending', 'place', facts('AMEND'), 'pending', 0, { kind: 'wait' }],
  [
    'AMEND: old entry filled before the cancel (would double)',
    'place',
    facts('AMEND'),
    'filled',
    45,
    { ...refused('The new entry was NOT placed'), alarm: true },
  ],
  ['AMEND: old entry filled, new entry already live', 'place', facts('AMEND', { newEntryPlaced: true }), 'filled', 45, { kind: 'place' }],
  ['AMEND: old cancel pending, new entry already live', 'place', facts('AMEND', { newEntryPlaced: true }), 'pending', 0, { kind: 'place' }],
  [
    'AMEND resumed on a stale analysis: old cancelled',
    'place',
    facts('AMEND', { resumed: true, stale: STALE }),
    'cancelled',
    0,
    { ...refused('the new one is not placed'), alarm: false },
  ],
  ['AMEND of a position: rest cancelled', 'hold', facts('AMEND', { target: HELD }), 'filled', 20, { ...refused('held as a position of 20'), alarm: false }],
  ['AMEND of a position: rest pending', 'hold', facts('AMEND', { target: HELD }), 'pending', 20, { kind: 'wait' }],
  ['AMEND of a position: more filled meanwhile', 'hold', facts('AMEND', { target: HELD }), 'filled', 30, { ...refused('NOT placed'), alarm: true }],
];

describe('afterCancel', () => {
  it.each(AFTER)('%s', (_case, then, given, result, heldQty, step) => {
    expect(afterCancel(then, given, { result, heldQty })).toEqual(step);
  });
});
