import { DateTime } from 'luxon';
import type { MarketClock, MarketDay } from '../broker';
import { addDays, assertIsoDate, newYorkDate, newYorkTime } from '../new-york-time';

/**
 * The NYSE regular session for 2025–2027, as Alpaca's calendar reports it: 09:30–16:00 New York,
 * 13:00 on early-close days, nothing on weekends and holidays. Sessions are built as New York wall
 * times with luxon, so a daylight-saving change never moves the open or the close.
 */

// NYSE holidays, including the day of mourning for President Carter (2025-01-09) and the observed
// days when a holiday falls on a weekend (2026-07-03, 2027-06-18, 2027-07-05, 2027-12-24).
const HOLIDAYS: ReadonlySet<string> = new Set([
  '2025-01-01',
  '2025-01-09',
  '2025-01-20',
  '2025-02-17',
  '2025-04-18',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-11-27',
  '2025-12-25',
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-04-03',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-03-26',
  '2027-05-31',
  '2027-06-18',
  '2027-07-05',
  '2027-09-06',
  '2027-11-25',
  '2027-12-24',
]);

/** Days the market closes at 13:00 New York. */
const EARLY_CLOSES: ReadonlySet<string> = new Set(['2025-07-03', '2025-11-28', '2025-12-24', '2026-11-27', '2026-12-24', '2027-11-26']);

/** The years the holiday list covers; outside them only weekends are closed. */
export const CALENDAR_YEARS = { first: 2025, last: 2027 } as const;

export function isHoliday(date: string): boolean {
  return HOLIDAYS.has(date);
}

export function isEarlyClose(date: string): boolean {
  return EARLY_CLOSES.has(date);
}

/** The regular session on a New York date, or undefined when the market does not open. */
export function sessionOn(date: string): MarketDay | undefined {
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday;
  if (weekday > 5 || HOLIDAYS.has(date)) return undefined;
  return {
    date,
    open: newYorkTime(date, '09:30'),
    close: newYorkTime(date, EARLY_CLOSES.has(date) ? '13:00' : '16:00'),
  };
}

/** Sessions from `from` to `to` inclusive (New York dates). */
export function sessionsBetween(from: string, to: string): MarketDay[] {
  assertIsoDate(from);
  assertIsoDate(to);
  const days: MarketDay[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const session = sessionOn(date);
    if (session) days.push(session);
  }
  return days;
}

/** The session in progress at `instant` (open ≤ instant < close). */
export function sessionAt(instant: Date): MarketDay | undefined {
  const session = sessionOn(newYorkDate(instant));
  if (!session) return undefined;
  return session.open <= instant && instant < session.close ? session : undefined;
}

// Long enough to step over any run of weekend and holidays.
const SEARCH_DAYS = 14;

/** The first session that opens strictly after `instant`. */
export function nextSessionOpeningAfter(instant: Date): MarketDay {
  return findSession(instant, (session) => session.open > instant);
}

/** The first session that closes strictly after `instant` (the current one when open). */
export function nextSessionClosingAfter(instant: Date): MarketDay {
  return findSession(instant, (session) => session.close > instant);
}

function findSession(instant: Date, accept: (session: MarketDay) => boolean): MarketDay {
  const start = newYorkDate(instant);
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const session = sessionOn(addDays(start, i));
    if (session && accept(session)) return session;
  }
  throw new RangeError(`No market session within ${SEARCH_DAYS} days of ${instant.toISOString()}`);
}

/** What Alpaca's `/v2/clock` answers at `instant`. */
export function marketClockAt(instant: Date): MarketClock {
  const current = sessionAt(instant);
  return {
    timestamp: new Date(instant.getTime()),
    isOpen: current !== undefined,
    nextOpen: nextSessionOpeningAfter(instant).open,
    nextClose: (current ?? nextSessionClosingAfter(instant)).close,
  };
}

/** Sessions whose open or close falls in (from, to], oldest first. */
export function sessionsTouching(from: Date, to: Date): MarketDay[] {
  return sessionsBetween(newYorkDate(from), newYorkDate(to)).filter((s) => (s.open > from && s.open <= to) || (s.close > from && s.close <= to));
}
