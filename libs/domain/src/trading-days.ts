// Trading days are counted on the broker's market calendar, passed in as the list of dates the
// market opens (YYYY-MM-DD, New York). Weekends and holidays are simply absent from that list;
// early closes count as whole days. Dates compare as text because the format is fixed-width.

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function assertDate(date: string, what: string): void {
  if (typeof date !== 'string' || !ISO_DATE.test(date)) throw new RangeError(`${what} must be a YYYY-MM-DD date, got "${date}"`);
}

export function isTradingDay(date: string, calendar: readonly string[]): boolean {
  assertDate(date, 'The date');
  return calendar.includes(date);
}

/**
 * Trading days a trade has been open: the calendar's trading dates after `openedOn`, up to and
 * including `asOf`. A trade opened today has been open 0 days; one opened on a Friday, 1 day on
 * Monday. The calendar must cover that span; duplicates in it count once. Not what the journal's
 * `days_open` holds: that counts reviews (NO_ACTION decisions), see docs/database-setup.md.
 */
export function tradingDaysOpen({ openedOn, asOf, calendar }: { openedOn: string; asOf: string; calendar: readonly string[] }): number {
  assertDate(openedOn, 'The opening date');
  assertDate(asOf, 'The as-of date');
  if (asOf < openedOn) throw new RangeError(`The as-of date ${asOf} is before the opening date ${openedOn}`);
  const days = new Set<string>();
  for (const date of calendar) {
    assertDate(date, 'A calendar date');
    if (date > openedOn && date <= asOf) days.add(date);
  }
  return days.size;
}
