import { isTradingDay, tradingDaysOpen } from './trading-days';

// January 2025 as the NYSE calendar has it: weekends absent, 1 Jan (New Year), 9 Jan (national day of
// mourning) and 20 Jan (Martin Luther King Jr. Day) closed.
const JANUARY_2025 = [
  '2025-01-02',
  '2025-01-03',
  '2025-01-06',
  '2025-01-07',
  '2025-01-08',
  '2025-01-10',
  '2025-01-13',
  '2025-01-14',
  '2025-01-15',
  '2025-01-16',
  '2025-01-17',
  '2025-01-21',
];

describe('tradingDaysOpen', () => {
  it.each([
    ['opened today', '2025-01-15', '2025-01-15', 0],
    ['the next trading day', '2025-01-15', '2025-01-16', 1],
    ['Friday to Monday', '2025-01-03', '2025-01-06', 1],
    ['Friday to the weekend', '2025-01-03', '2025-01-05', 0],
    ['across a closure', '2025-01-08', '2025-01-10', 1],
    ['across a long weekend', '2025-01-17', '2025-01-21', 1],
    ['opened on a holiday', '2025-01-01', '2025-01-03', 2],
    ['a whole month', '2024-12-31', '2025-01-31', 12],
  ])('%s: %s to %s is %i days', (_what, openedOn, asOf, days) => {
    expect(tradingDaysOpen({ openedOn, asOf, calendar: JANUARY_2025 })).toBe(days);
  });

  it('counts a duplicated calendar date once, in any order', () => {
    expect(tradingDaysOpen({ openedOn: '2025-01-02', asOf: '2025-01-07', calendar: ['2025-01-07', '2025-01-06', '2025-01-06', '2025-01-03'] })).toBe(3);
  });

  it.each([
    [{ openedOn: '2025-1-2', asOf: '2025-01-07', calendar: [] }, 'The opening date must be a YYYY-MM-DD date, got "2025-1-2"'],
    [{ openedOn: '2025-01-02', asOf: '2025-01-32', calendar: [] }, 'The as-of date must be a YYYY-MM-DD date, got "2025-01-32"'],
    [{ openedOn: '2025-01-02', asOf: '2025-01-07', calendar: ['2025-01-03T00:00:00Z'] }, 'A calendar date must be a YYYY-MM-DD date'],
    [{ openedOn: '2025-01-07', asOf: '2025-01-02', calendar: [] }, 'The as-of date 2025-01-02 is before the opening date 2025-01-07'],
  ])('refuses %j', (input, message) => {
    expect(() => tradingDaysOpen(input)).toThrow(message);
  });
});

describe('isTradingDay', () => {
  it.each([
    ['2025-01-15', true],
    ['2025-01-18', false],
    ['2025-01-20', false],
  ])('%s: %s', (date, open) => {
    expect(isTradingDay(date, JANUARY_2025)).toBe(open);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => isTradingDay('15/01/2025', JANUARY_2025)).toThrow(RangeError);
  });
});
