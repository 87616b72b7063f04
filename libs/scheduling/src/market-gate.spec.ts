import { SimulatedBroker, Transient, type Broker } from '@trading-monitor/broker';
import { createLogger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { Writable } from 'node:stream';
import { createMarketGate } from './market-gate';
import { describeJobPlan, planNextRuns } from './next-runs';
import { SCHEDULE, type ScheduledJob } from './schedule';
import { everyMinutes, nyseGate, ticksOn } from './testing/schedule-ticks';

function job(name: string): ScheduledJob {
  const found = SCHEDULE.find((j) => j.job === name);
  if (!found) throw new Error(`No job ${name} in SCHEDULE`);
  return found;
}

describe('market gate (the broker calendar)', () => {
  it('skips every run on a holiday: Independence Day, Friday 4 July 2025', async () => {
    const gate = nyseGate();
    for (const scheduled of SCHEDULE) {
      const { ran, skipped } = await ticksOn(scheduled, '2025-07-04', gate);
      expect(ran).toEqual([]);
      expect(skipped.length).toBeGreaterThan(0);
      expect(skipped[0].reason).toBe('the market is closed on 2025-07-04');
    }
  });

  it('skips Thanksgiving 2026 (Thursday 26 November), evening runs included', async () => {
    const gate = nyseGate();
    expect((await ticksOn(job('execute-decisions'), '2026-11-26', gate)).ran).toEqual([]);
    expect((await ticksOn(job('monitor-orders'), '2026-11-26', gate)).ran).toEqual([]);
    expect((await ticksOn(job('monitor-positions'), '2026-11-26', gate)).ran).toEqual([]);
  });

  it('cuts the session runs at an early close (Friday 27 November 2026, 13:00) and keeps the evening runs', async () => {
    const gate = nyseGate();
    const orders = await ticksOn(job('monitor-orders'), '2026-11-27', gate);
    expect(orders.ran).toEqual([...everyMinutes('09:30', '13:00', 5), '18:00']);
    expect(orders.skipped.map((s) => s.at)).toEqual(everyMinutes('13:05', '16:00', 5));
    expect(orders.skipped[0].reason).toBe('the market closed at 13:00 on 2026-11-27');

    const positions = await ticksOn(job('monitor-positions'), '2026-11-27', gate);
    expect(positions.ran).toEqual([...everyMinutes('09:30', '13:00', 10), '18:15']);
    expect((await ticksOn(job('execute-decisions'), '2026-11-27', gate)).ran).toEqual(['09:45']);
  });

  it('refuses a session tick before the open', async () => {
    const gate = nyseGate();
    expect(await gate.check('session', new Date('2025-07-07T13:25:00Z'))).toEqual({ go: false, reason: 'the market opens at 09:30 on 2025-07-07' });
    expect(await gate.check('trading-day', new Date('2025-07-07T13:25:00Z'))).toEqual({ go: true });
  });

  it('asks the broker once per New York day', async () => {
    const broker = countingCalendar(new SimulatedBroker({ clock: new ManualClock(new Date('2025-07-01T12:00:00Z')) }));
    const gate = createMarketGate({ broker, log: createLogger({ level: 'silent' }) });
    await ticksOn(job('monitor-orders'), '2025-07-07', gate);
    await ticksOn(job('monitor-positions'), '2025-07-07', gate);
    await ticksOn(job('monitor-orders'), '2025-07-08', gate);
    expect(broker.calls).toEqual([
      ['2025-07-07', '2025-07-07'],
      ['2025-07-08', '2025-07-08'],
    ]);
  });

  it('runs anyway, with a warning, when the calendar cannot be read', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger({ level: 'info', destination: collect(lines), pretty: false });
    const broker = { getCalendar: async () => Promise.reject(new Transient('connection reset')) } as unknown as Pick<Broker, 'getCalendar'>;
    const gate = createMarketGate({ broker, log });
    expect(await gate.check('session', new Date('2025-07-04T14:00:00Z'))).toEqual({ go: true });
    expect(lines).toEqual([expect.objectContaining({ level: 40, event: 'calendar.unavailable', date: '2025-07-04' })]);
  });
});

describe('next runs for the start banner', () => {
  it('on the afternoon of an early close before a holiday: the evening runs, then Monday', async () => {
    // Thursday 3 July 2025 closes at 13:00; Friday 4 July is a holiday.
    const plans = await planNextRuns(SCHEDULE, nyseGate(), new Date('2025-07-03T18:30:00Z'));
    expect(plans.map((p) => [p.job, p.nextRunAt?.toISOString()])).toEqual([
      ['execute-decisions', '2025-07-07T13:45:00.000Z'],
      ['monitor-orders', '2025-07-03T22:00:00.000Z'],
      ['monitor-positions', '2025-07-03T22:15:00.000Z'],
    ]);
    expect(plans.map(describeJobPlan)).toEqual([
      'execute-decisions  09:45, Mon–Fri                                 next Mon 7 Jul 2025 09:45 EDT',
      'monitor-orders     every 5 min 09:30–16:00 and 18:00, Mon–Fri     next Thu 3 Jul 2025 18:00 EDT',
      'monitor-positions  every 10 min 09:30–16:00 and 18:15, Mon–Fri    next Thu 3 Jul 2025 18:15 EDT',
    ]);
  });

  it('after the evening runs, the next session', async () => {
    const plans = await planNextRuns(SCHEDULE, nyseGate(), new Date('2025-07-03T23:00:00Z'));
    expect(plans.map((p) => p.nextRunAt?.toISOString())).toEqual(['2025-07-07T13:45:00.000Z', '2025-07-07T13:30:00.000Z', '2025-07-07T13:30:00.000Z']);
  });
});

function countingCalendar(broker: Broker): Pick<Broker, 'getCalendar'> & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    getCalendar: (from, to) => {
      calls.push([from, to]);
      return broker.getCalendar(from, to);
    },
  };
}

function collect(lines: Array<Record<string, unknown>>): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
}
