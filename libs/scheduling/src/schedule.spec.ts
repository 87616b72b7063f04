import { DateTime } from 'luxon';
import { MARKET_ZONE } from '@trading-monitor/broker';
import { cronTickAt, cronTimes, nextCronTime } from './cron-times';
import { SCHEDULE, agendaJobName, type ScheduledJob } from './schedule';
import { SCHEDULED_JOBS } from './scheduled-jobs';
import { everyMinutes, nyseGate, ticksOn, wallTime } from './testing/schedule-ticks';

function job(name: string): ScheduledJob {
  const found = SCHEDULE.find((j) => j.job === name);
  if (!found) throw new Error(`No job ${name} in SCHEDULE`);
  return found;
}

describe('the schedule (docs/schedule.md)', () => {
  it('is this table of jobs, cron expressions and windows', () => {
    expect(SCHEDULE.map(({ job, runs }) => [job, runs.map((r) => `${r.cron} (${r.window})`)])).toEqual([
      ['execute-decisions', ['45 9 * * 1-5 (session)']],
      ['monitor-orders', ['30-55/5 9 * * 1-5 (session)', '*/5 10-15 * * 1-5 (session)', '0 16 * * 1-5 (session)', '0 18 * * 1-5 (trading-day)']],
      ['monitor-positions', ['30-50/10 9 * * 1-5 (session)', '*/10 10-15 * * 1-5 (session)', '0 16 * * 1-5 (session)', '15 18 * * 1-5 (trading-day)']],
    ]);
  });

  it('names only jobs that exist, and gives every run its own Agenda job', () => {
    for (const { job } of SCHEDULE) expect(Object.keys(SCHEDULED_JOBS)).toContain(job);
    const names = SCHEDULE.flatMap(({ job, runs }) => runs.map((run) => agendaJobName(job, run)));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('monitor-orders@0 18 * * 1-5');
  });

  it('runs on an ordinary day (Monday 7 July 2025) exactly at the scheduled times', async () => {
    const gate = nyseGate();
    expect(await ticksOn(job('execute-decisions'), '2025-07-07', gate)).toEqual({ ran: ['09:45'], skipped: [] });
    expect(await ticksOn(job('monitor-orders'), '2025-07-07', gate)).toEqual({ ran: [...everyMinutes('09:30', '16:00', 5), '18:00'], skipped: [] });
    expect(await ticksOn(job('monitor-positions'), '2025-07-07', gate)).toEqual({ ran: [...everyMinutes('09:30', '16:00', 10), '18:15'], skipped: [] });
  });

  it('has no tick at the weekend', async () => {
    const gate = nyseGate();
    for (const scheduled of SCHEDULE) {
      expect((await ticksOn(scheduled, '2025-07-05', gate)).ran).toEqual([]);
      expect((await ticksOn(scheduled, '2025-07-06', gate)).ran).toEqual([]);
    }
  });

  describe('daylight saving does not move a run', () => {
    const executeDecisions = '45 9 * * 1-5';

    it('09:45 New York on both sides of the March 2025 change (EST → EDT, Sunday 9 March)', () => {
      const runs = [...take(cronTimes(executeDecisions, new Date('2025-03-06T12:00:00Z')), 3)];
      expect(runs.map((d) => d.toISOString())).toEqual(['2025-03-06T14:45:00.000Z', '2025-03-07T14:45:00.000Z', '2025-03-10T13:45:00.000Z']);
      expect(runs.map(wallTime)).toEqual(['09:45', '09:45', '09:45']);
    });

    it('09:45 New York on both sides of the November 2025 change (EDT → EST, Sunday 2 November)', () => {
      const runs = [...take(cronTimes(executeDecisions, new Date('2025-10-30T12:00:00Z')), 3)];
      expect(runs.map((d) => d.toISOString())).toEqual(['2025-10-30T13:45:00.000Z', '2025-10-31T13:45:00.000Z', '2025-11-03T14:45:00.000Z']);
      expect(runs.map(wallTime)).toEqual(['09:45', '09:45', '09:45']);
    });

    it('the whole market day keeps its wall times in the first week of summer time', async () => {
      const gate = nyseGate();
      expect((await ticksOn(job('monitor-orders'), '2025-03-10', gate)).ran).toEqual([...everyMinutes('09:30', '16:00', 5), '18:00']);
      expect((await ticksOn(job('monitor-positions'), '2025-11-03', gate)).ran).toEqual([...everyMinutes('09:30', '16:00', 10), '18:15']);
    });

    it('the next run after Friday is Monday 09:45 at the new offset', () => {
      const next = nextCronTime(executeDecisions, new Date('2025-03-07T15:00:00Z'));
      expect(DateTime.fromJSDate(next, { zone: MARKET_ZONE }).toFormat('ccc yyyy-MM-dd HH:mm ZZZZ')).toBe('Mon 2025-03-10 09:45 EDT');
    });
  });

  it('attributes a run that starts late to the tick it belongs to', () => {
    expect(cronTickAt('0 13 * * 1-5', new Date('2026-11-27T18:00:00.300Z')).toISOString()).toBe('2026-11-27T18:00:00.000Z');
    expect(cronTickAt('*/5 10-15 * * 1-5', new Date('2025-07-07T14:05:00.000Z')).toISOString()).toBe('2025-07-07T14:05:00.000Z');
  });
});

function* take<T>(values: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  for (const value of values) {
    yield value;
    if (--count === 0) return;
  }
}
