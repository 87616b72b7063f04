import { MAX_ATTEMPTS, MAX_DECISION_AGE_DAYS, attemptLimitReason, calendarDaysBetween, staleDecisionReason } from './decision-limits';

describe('decision limits', () => {
  it('counts calendar days across a month end and a leap day', () => {
    expect(calendarDaysBetween('2024-02-27', '2024-03-01')).toBe(3);
    expect(calendarDaysBetween('2025-01-15', '2025-01-15')).toBe(0);
  });

  it('trades on an analysis up to the age limit, and refuses one a day older with its date and age', () => {
    expect(staleDecisionReason('2025-01-11', '2025-01-15')).toBeNull();
    expect(MAX_DECISION_AGE_DAYS).toBe(4);
    expect(staleDecisionReason('2025-01-10', '2025-01-15')).toBe(
      'the analysis is from 2025-01-10, 5 days ago; an analysis older than 4 days places no order. Approve a fresh one if the trade still stands.',
    );
    expect(staleDecisionReason(null, '2025-01-15')).toBeNull();
  });

  it('gives up at the attempt limit, not before', () => {
    expect(attemptLimitReason(MAX_ATTEMPTS - 1)).toBeNull();
    expect(attemptLimitReason(MAX_ATTEMPTS)).toMatch(/^Given up after 5 attempts/);
  });
});
