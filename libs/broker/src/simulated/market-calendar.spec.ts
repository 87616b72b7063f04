import { newYorkTime } from '../new-york-time';
import {
  isEarlyClose,
  isHoliday,
  marketClockAt,
  nextSessionClosingAfter,
  nextSessionOpeningAfter,
  sessionAt,
  sessionOn,
  sessionsBetween,
  sessionsTouching,
} from './market-calendar';

describe('market calendar', () => {
  it.each([
    ['2025-01-09', 'National Day of Mourning'],
    ['2025-04-18', 'Good Friday 2025'],
    ['2026-04-03', 'Good Friday 2026'],
    ['2026-07-03', 'Independence Day observed (July 4 is a Saturday)'],
    ['2026-11-26', 'Thanksgiving 2026'],
    ['2027-03-26', 'Good Friday 2027'],
    ['2027-06-18', 'Juneteenth observed (June 19 is a Saturday)'],
    ['2027-07-05', 'Independence Day observed (July 4 is a Sunday)'],
    ['2027-12-24', 'Christmas observed (December 25 is a Saturday)'],
  ])('closes on %s (%s)', (date) => {
    expect(isHoliday(date)).toBe(true);
    expect(sessionOn(date)).toBeUndefined();
  });

  it.each(['2025-07-03', '2025-11-28', '2025-12-24', '2026-11-27', '2026-12-24', '2027-11-26'])('closes at 13:00 on %s', (date) => {
    expect(isEarlyClose(date)).toBe(true);
    expect(sessionOn(date)?.close).toEqual(newYorkTime(date, '13:00'));
  });

  it('is closed on weekends', () => {
    expect(sessionOn('2026-11-28')).toBeUndefined();
    expect(sessionOn('2026-11-29')).toBeUndefined();
  });

  it('opens 09:30 and closes 16:00 New York in winter and in summer', () => {
    expect(sessionOn('2026-01-05')).toEqual({ date: '2026-01-05', open: new Date('2026-01-05T14:30:00Z'), close: new Date('2026-01-05T21:00:00Z') });
    expect(sessionOn('2026-07-06')).toEqual({ date: '2026-07-06', open: new Date('2026-07-06T13:30:00Z'), close: new Date('2026-07-06T20:00:00Z') });
  });

  it('keeps the session on New York time across both daylight-saving changes', () => {
    expect(sessionsBetween('2026-10-30', '2026-11-02').map((d) => d.open.toISOString())).toEqual(['2026-10-30T13:30:00.000Z', '2026-11-02T14:30:00.000Z']);
  });

  it('knows the session in progress, and the next open and close', () => {
    expect(sessionAt(newYorkTime('2026-11-27', '12:59'))?.date).toBe('2026-11-27');
    expect(sessionAt(newYorkTime('2026-11-27', '13:00'))).toBeUndefined();
    expect(nextSessionOpeningAfter(newYorkTime('2026-11-25', '16:00')).date).toBe('2026-11-27');
    expect(nextSessionClosingAfter(newYorkTime('2026-11-25', '08:00')).close).toEqual(newYorkTime('2026-11-25', '16:00'));
  });

  it('answers the clock like Alpaca before the open of a trading day', () => {
    expect(marketClockAt(newYorkTime('2026-11-24', '08:00'))).toEqual({
      timestamp: newYorkTime('2026-11-24', '08:00'),
      isOpen: false,
      nextOpen: newYorkTime('2026-11-24', '09:30'),
      nextClose: newYorkTime('2026-11-24', '16:00'),
    });
  });

  it('lists the opens and closes crossed between two instants, oldest first', () => {
    const touched = sessionsTouching(newYorkTime('2026-11-24', '15:00'), newYorkTime('2026-11-27', '10:00'));
    expect(touched.map((s) => s.date)).toEqual(['2026-11-24', '2026-11-25', '2026-11-27']);
  });

  it('refuses a malformed date', () => {
    expect(() => sessionsBetween('2026-11-23', '30/11/2026')).toThrow(RangeError);
  });
});
