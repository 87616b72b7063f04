/**
 * When an approved decision may no longer place an order: too old, or tried too often. Pure: the
 * caller passes the New York calendar dates and the attempt count. These limits never stop the
 * adoption of an entry an earlier, unfinished run already placed (see docs/operations.md).
 */

/** After this many runs that ended in a broker outage or an error, a decision is given up (and says so). */
export const MAX_ATTEMPTS = 5;

/**
 * An analysis older than this many calendar days places no order: after an outage, or when the
 * product's columns are first added to a table full of old approvals, yesterday's analysis may be
 * acted on this morning, last month's must not. Four days spans a weekend with a holiday.
 */
export const MAX_DECISION_AGE_DAYS = 4;

/** Whole calendar days from one YYYY-MM-DD date to another. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Why the decision has been tried too often to try again, or null. */
export function attemptLimitReason(attempts: number): string | null {
  if (attempts < MAX_ATTEMPTS) return null;
  return `Given up after ${attempts} attempts; the errors are in execution_log. Approve a fresh decision if it still applies.`;
}

/** Why an analysis written on `decisionDay` is too old to trade on `today` (both New York dates), or null. */
export function staleDecisionReason(decisionDay: string | null, today: string): string | null {
  if (!decisionDay) return null;
  const age = calendarDaysBetween(decisionDay, today);
  if (!(age > MAX_DECISION_AGE_DAYS)) return null;
  return `the analysis is from ${decisionDay}, ${age} days ago; an analysis older than ${MAX_DECISION_AGE_DAYS} days places no order. Approve a fresh one if the trade still stands.`;
}
