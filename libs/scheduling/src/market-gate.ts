import { MARKET_ZONE, newYorkDate, type Broker, type MarketDay } from '@trading-monitor/broker';
import type { Logger } from '@trading-monitor/config';
import { DateTime } from 'luxon';
import { describeError } from '@trading-monitor/workflows';
import type { RunWindow } from './schedule';

export type GateDecision = { go: true } | { go: false; reason: string };

/** Decides, from the broker's calendar, whether a tick of the schedule runs. */
export interface MarketGate {
  check(window: RunWindow, tick: Date): Promise<GateDecision>;
}

// Days remembered: enough for a week of ticks, small enough to pick up a calendar correction soon.
const DAYS_KEPT = 7;

/**
 * The broker's calendar as the scheduler's gate, asked once per New York day. A tick in a `session`
 * window runs when open ≤ tick ≤ close (so an early close at 13:00 keeps the 13:00 run and drops the
 * later ones); a `trading-day` tick runs on any day with a session (the 18:00 and 18:15 runs happen
 * after an early close too: that day's fills and expiries still need bringing in). A day without a
 * session — a holiday — runs nothing.
 *
 * When the calendar cannot be read the tick runs anyway, with a warning: every job is safe to run
 * when the market is closed, while skipping monitor-orders for long could leave a fill unprotected.
 */
export function createMarketGate(deps: { broker: Pick<Broker, 'getCalendar'>; log: Logger }): MarketGate {
  const days = new Map<string, MarketDay | null>();

  async function sessionOn(date: string): Promise<MarketDay | null> {
    if (days.has(date)) return days.get(date) ?? null;
    const session = (await deps.broker.getCalendar(date, date)).find((day) => day.date === date) ?? null;
    days.set(date, session);
    if (days.size > DAYS_KEPT) days.delete(days.keys().next().value as string);
    return session;
  }

  return {
    async check(window, tick) {
      const date = newYorkDate(tick);
      let session: MarketDay | null;
      try {
        session = await sessionOn(date);
      } catch (error) {
        deps.log.warn(
          { event: 'calendar.unavailable', date, err: error },
          `Could not read the market calendar for ${date} (${describeError(error)}); running the job anyway.`,
        );
        return { go: true };
      }
      if (!session) return { go: false, reason: `the market is closed on ${date}` };
      if (window === 'trading-day') return { go: true };
      if (tick < session.open) return { go: false, reason: `the market opens at ${wallTime(session.open)} on ${date}` };
      if (tick > session.close) return { go: false, reason: `the market closed at ${wallTime(session.close)} on ${date}` };
      return { go: true };
    },
  };
}

function wallTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MARKET_ZONE }).toFormat('HH:mm');
}
