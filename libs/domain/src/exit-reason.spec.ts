import { EXIT_REASONS, exitReasonOf, isExitReason, tradeEventOf, unfilledEntryEnding, type ProtectiveFill, type TradeEnding } from './exit-reason';
import { nextTradeStatus } from './trade-lifecycle';

const at = (time: string) => new Date(`2025-01-15T${time}Z`);
const stop = (time: string): ProtectiveFill => ({ role: 'STOP_LOSS', filledAt: at(time) });
const target = (time: string): ProtectiveFill => ({ role: 'TAKE_PROFIT', filledAt: at(time) });

describe('exitReasonOf', () => {
  it.each([
    ['the stop filled', { kind: 'PROTECTIVE_FILLED', fills: [stop('15:00:00')] }, 'STOPPED_OUT'],
    ['the take-profit filled', { kind: 'PROTECTIVE_FILLED', fills: [target('15:00:00')] }, 'TARGET_HIT'],
    ['a target, then the stop completed the close', { kind: 'PROTECTIVE_FILLED', fills: [target('14:00:00'), stop('15:00:00')] }, 'STOPPED_OUT'],
    ['a stop, then the target completed the close', { kind: 'PROTECTIVE_FILLED', fills: [stop('14:00:00'), target('15:00:00')] }, 'TARGET_HIT'],
    ['listed out of order', { kind: 'PROTECTIVE_FILLED', fills: [target('16:00:00'), stop('15:00:00')] }, 'TARGET_HIT'],
    ['a tie, stop first', { kind: 'PROTECTIVE_FILLED', fills: [stop('15:00:00'), target('15:00:00')] }, 'STOPPED_OUT'],
    ['a tie, target first', { kind: 'PROTECTIVE_FILLED', fills: [target('15:00:00'), stop('15:00:00')] }, 'STOPPED_OUT'],
    ['the position vanished at the broker', { kind: 'CLOSED_AT_BROKER' }, 'MANUAL_EXIT'],
    ['a CANCEL decision', { kind: 'ENTRY_CANCELLED' }, 'CANCELLED'],
    ['an AMEND decision', { kind: 'ENTRY_REPLACED' }, 'AMENDED'],
    ['the entry expired unfilled', { kind: 'ENTRY_EXPIRED' }, 'EXPIRED'],
    ['the entry was rejected', { kind: 'ENTRY_REJECTED' }, 'REJECTED'],
  ] as const satisfies readonly (readonly [string, TradeEnding, string])[])('%s → %s', (_what, ending, reason) => {
    expect(exitReasonOf(ending)).toBe(reason);
  });

  it('needs a fill to call a protective exit', () => {
    expect(() => exitReasonOf({ kind: 'PROTECTIVE_FILLED', fills: [] })).toThrow('A protective exit needs at least one filled protective order');
  });
});

describe('tradeEventOf', () => {
  it.each([
    ['STOPPED_OUT', 'POSITION', 'CLOSED'],
    ['TARGET_HIT', 'POSITION', 'CLOSED'],
    ['MANUAL_EXIT', 'POSITION', 'CLOSED'],
    ['CANCELLED', 'ORDERED', 'CANCELLED'],
    ['AMENDED', 'ORDERED', 'CANCELLED'],
    ['EXPIRED', 'ORDERED', 'CANCELLED'],
    ['REJECTED', 'ORDERED', 'CANCELLED'],
  ] as const)('%s moves a %s trade to %s', (reason, from, to) => {
    expect(nextTradeStatus(from, tradeEventOf(reason))).toBe(to);
  });

  it('covers every reason', () => {
    for (const reason of EXIT_REASONS) expect(tradeEventOf(reason)).toBeDefined();
  });
});

describe('isExitReason', () => {
  it.each(EXIT_REASONS)('recognises %s', (reason) => expect(isExitReason(reason)).toBe(true));
  it.each(['STOP', 'stopped_out', ''])('does not recognise %p', (value) => expect(isExitReason(value)).toBe(false));
});

describe('unfilledEntryEnding', () => {
  it.each([
    [['rejected', 'cancelled'], undefined, 'REJECTED'],
    [['expired'], 'AMEND', 'EXPIRED'],
    [['cancelled'], 'AMEND', 'AMENDED'],
    [['cancelled'], 'CANCEL', 'CANCELLED'],
    [['cancelled'], undefined, 'CANCELLED'],
  ] as const)('entries ended %p, cancelled by %p: %s', (ended, by, reason) => {
    expect(exitReasonOf(unfilledEntryEnding(ended, by))).toBe(reason);
  });
});
