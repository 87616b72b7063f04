import { DateTime } from 'luxon';

/** Market hours are New York wall times; luxon builds them so daylight saving never shifts them. */
export const MARKET_ZONE = 'America/New_York';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The New York calendar date of an instant, YYYY-MM-DD. */
export function newYorkDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MARKET_ZONE }).toISODate() as string;
}

/** The instant of a New York date and wall time ("09:30"). */
export function newYorkTime(date: string, time: string): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: MARKET_ZONE });
  if (!ISO_DATE.test(date) || !dt.isValid) throw new RangeError(`Not a New York date and time: ${date} ${time}`);
  return dt.toJSDate();
}

/** The New York wall time of an instant, "HH:mm". */
export function newYorkWallTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MARKET_ZONE }).toFormat('HH:mm');
}

/** An instant as Alpaca writes it: ISO 8601 with the New York offset. */
export function newYorkIso(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MARKET_ZONE }).toISO() as string;
}

/** A calendar date `days` later (or earlier), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  assertIsoDate(date);
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

export function assertIsoDate(date: string): void {
  if (!ISO_DATE.test(date) || !DateTime.fromISO(date, { zone: 'UTC' }).isValid) {
    throw new RangeError(`Expected a date as YYYY-MM-DD, got "${date}"`);
  }
}
