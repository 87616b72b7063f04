import { CronExpressionParser } from 'cron-parser';
import { MARKET_ZONE } from '@trading-monitor/broker';

// cron-parser with a time zone is what Agenda itself uses to compute `nextRunAt`, so these are the
// times Agenda will run at. Wall times are kept across daylight-saving changes: 09:45 stays 09:45.

/** Throws a readable error when the expression does not parse. */
export function assertCron(cron: string): void {
  try {
    CronExpressionParser.parse(cron, { tz: MARKET_ZONE });
  } catch (error) {
    throw new Error(`Not a cron expression: "${cron}" (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}

/** The times the expression fires strictly after `after`, in order, for as long as the caller reads. */
export function* cronTimes(cron: string, after: Date): Generator<Date> {
  const expression = CronExpressionParser.parse(cron, { currentDate: after, tz: MARKET_ZONE });
  for (;;) yield expression.next().toDate();
}

export function nextCronTime(cron: string, after: Date): Date {
  return cronTimes(cron, after).next().value as Date;
}

/**
 * The tick a run belongs to: the last time the expression fires at or before `startedAt`. A run
 * starts a little after its tick; the gate judges the tick, so a 13:00 run that starts at 13:00:00.2
 * still counts as inside a session that closes at 13:00.
 */
export function cronTickAt(cron: string, startedAt: Date): Date {
  const expression = CronExpressionParser.parse(cron, { currentDate: new Date(startedAt.getTime() + 1), tz: MARKET_ZONE });
  return expression.prev().toDate();
}
