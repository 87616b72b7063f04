import { silentLogger } from '@trading-monitor/config';
import { MARKET_ZONE, SimulatedBroker } from '@trading-monitor/broker';
import { ManualClock } from '@trading-monitor/domain';
import { DateTime } from 'luxon';
import { cronTimes } from '../cron-times';
import { createMarketGate, type MarketGate } from '../market-gate';
import type { ScheduledJob } from '../schedule';

/** The gate over the simulated broker's NYSE calendar (2025–2027, holidays and early closes). */
export function nyseGate(): MarketGate {
  return createMarketGate({ broker: new SimulatedBroker({ clock: new ManualClock(new Date('2025-01-02T12:00:00Z')) }), log: silentLogger() });
}

/** Every tick of a job on a New York date, as `HH:mm` wall times, with what the gate decided. */
export async function ticksOn(job: ScheduledJob, date: string, gate: MarketGate): Promise<{ ran: string[]; skipped: Array<{ at: string; reason: string }> }> {
  const start = DateTime.fromISO(date, { zone: MARKET_ZONE });
  const end = start.plus({ days: 1 }).toJSDate();
  const ticks: Array<{ tick: Date; window: ScheduledJob['runs'][number]['window'] }> = [];
  for (const run of job.runs) {
    for (const tick of cronTimes(run.cron, new Date(start.toMillis() - 1))) {
      if (tick >= end) break;
      ticks.push({ tick, window: run.window });
    }
  }
  ticks.sort((a, b) => a.tick.getTime() - b.tick.getTime());
  const ran: string[] = [];
  const skipped: Array<{ at: string; reason: string }> = [];
  for (const { tick, window } of ticks) {
    const at = wallTime(tick);
    const decision = await gate.check(window, tick);
    if (decision.go) ran.push(at);
    else skipped.push({ at, reason: decision.reason });
  }
  return { ran, skipped };
}

export function wallTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: MARKET_ZONE }).toFormat('HH:mm');
}

/** `HH:mm` from `from` to `to` inclusive, every `minutes`. */
export function everyMinutes(from: string, to: string, minutes: number): string[] {
  const times: string[] = [];
  let t = DateTime.fromISO(`2025-01-01T${from}`, { zone: 'UTC' });
  const last = DateTime.fromISO(`2025-01-01T${to}`, { zone: 'UTC' });
  for (; t <= last; t = t.plus({ minutes })) times.push(t.toFormat('HH:mm'));
  return times;
}
