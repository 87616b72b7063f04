import { DateTime } from 'luxon';

export const MARKET_ZONE = 'America/New_York';

/** The New York calendar date of an instant, YYYY-MM-DD: what DATE columns such as exit_date hold. */
export function newYorkDate(at: Date): string {
  return DateTime.fromJSDate(at, { zone: MARKET_ZONE }).toISODate() as string;
}
