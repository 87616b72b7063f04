import { DateTime } from 'luxon';
import { MARKET_ZONE } from '@trading-monitor/broker';

/** A range of New York calendar dates, both ends included: YYYY-MM-DD. */
export interface ReportRange {
  from: string;
  to: string;
}

/** A date range a person typed that cannot be used. The message says what to type instead. */
export class InvalidReportRange extends Error {
  override readonly name = 'InvalidReportRange';
}

const DEFAULT_DAYS = 30;

/**
 * The range a report covers. Either end may be left out: `to` defaults to today (New York), `from`
 * to 30 days before `to`. Dates must be real calendar dates written YYYY-MM-DD, and `from` ≤ `to`.
 */
export function reportRangeOf(input: { from?: string; to?: string }, today: Date): ReportRange {
  const to = input.to === undefined ? DateTime.fromJSDate(today, { zone: MARKET_ZONE }) : parseDate('--to', input.to);
  const from = input.from === undefined ? to.minus({ days: DEFAULT_DAYS }) : parseDate('--from', input.from);
  if (from > to) {
    throw new InvalidReportRange(`--from ${from.toISODate()} is after --to ${to.toISODate()}: the range must run forwards.`);
  }
  return { from: from.toISODate() as string, to: to.toISODate() as string };
}

function parseDate(option: string, value: string): DateTime {
  // The strict pattern first: luxon would also take 2025-W03 or 20250114.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: MARKET_ZONE }) : undefined;
  if (!date?.isValid) throw new InvalidReportRange(`${option} ${JSON.stringify(value)} is not a date: write it as YYYY-MM-DD, e.g. 2025-01-14.`);
  return date;
}
