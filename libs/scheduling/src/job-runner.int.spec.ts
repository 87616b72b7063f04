import { createLogger } from '@trading-monitor/config';
import { Writable } from 'node:stream';
import { createWorkflowFixture, type WorkflowFixture } from '@trading-monitor/workflows/testing';
import { createJobRunner, type JobRuntime } from './job-runner';
import type { MarketGate } from './market-gate';
import { SCHEDULED_JOBS, type JobFunction } from './scheduled-jobs';

const OPEN: MarketGate = { check: async () => ({ go: true }) };
const CLOSED: MarketGate = { check: async () => ({ go: false, reason: 'the market is closed on 2025-01-15' }) };
const TICK = new Date('2025-01-15T14:45:00Z');

let f: WorkflowFixture;
let lines: Array<Record<string, unknown>>;
let runtime: JobRuntime & { flushes: number };

beforeEach(async () => {
  f = await createWorkflowFixture();
  lines = [];
  const log = createLogger({ level: 'debug', destination: collect(lines), pretty: false });
  runtime = { ...f.deps, log, flushes: 0, flush: async () => void runtime.flushes++ };
});
afterEach(() => f.close());

const events = (event: string) => lines.filter((l) => l['event'] === event);

describe('job runner', () => {
  it('logs a failing job, records it in execution_log, and does not throw', async () => {
    const jobs: Record<string, JobFunction> = { boom: async () => Promise.reject(new Error('the database went away')) };
    const outcome = await createJobRunner(runtime, { jobs, gate: OPEN }).run('boom', 'session', TICK);

    expect(outcome).toEqual({ outcome: 'failed', error: 'the database went away' });
    expect(events('job.failed')).toEqual([
      expect.objectContaining({
        level: 50,
        job: 'boom',
        scheduledFor: TICK.toISOString(),
        msg: 'boom failed: the database went away. The next scheduled run tries again.',
      }),
    ]);
    expect(await f.audit()).toEqual([
      expect.objectContaining({
        job: 'boom',
        action: 'job.run',
        outcome: 'failed',
        message: 'boom failed: the database went away. The next scheduled run tries again.',
        details: { scheduledFor: TICK.toISOString() },
      }),
    ]);
  });

  it('does not throw even when the failure cannot be recorded', async () => {
    const jobs: Record<string, JobFunction> = { boom: async () => Promise.reject(new Error('down')) };
    await f.dataSource.destroy();
    const outcome = await createJobRunner(runtime, { jobs, gate: OPEN }).run('boom', 'session', TICK);
    expect(outcome.outcome).toBe('failed');
    expect(events('audit.failed')).toHaveLength(1);
    await f.dataSource.initialize(); // for the fixture's own close
  });

  it('logs the summary of a run as job.done with its counts, and saves the broker state', async () => {
    const outcome = await createJobRunner(runtime, { jobs: SCHEDULED_JOBS, gate: OPEN }).run('monitor-orders', 'session', TICK);

    expect(outcome).toEqual({ outcome: 'done', result: { counts: expect.objectContaining({ checked: 0, filled: 0, failed: 0 }), problems: [] } });
    expect(events('job.done')).toEqual([
      expect.objectContaining({
        level: 30,
        job: 'monitor-orders',
        scheduledFor: TICK.toISOString(),
        checked: 0,
        updated: 0,
        filled: 0,
        protected: 0,
        closed: 0,
        cancelled: 0,
        alarms: 0,
        failed: 0,
      }),
    ]);
    expect(runtime.flushes).toBe(1);
  });

  it('warns when a run reports problems', async () => {
    const jobs: Record<string, JobFunction> = { check: async () => ({ counts: { checked: 2 }, problems: ['NVDA: 45 shares held without a working stop'] }) };
    await createJobRunner(runtime, { jobs, gate: OPEN }).run('check', 'session', TICK);
    expect(events('job.done')).toEqual([
      expect.objectContaining({
        level: 40,
        job: 'check',
        checked: 2,
        problems: ['NVDA: 45 shares held without a working stop'],
        msg: 'check done with 1 problem(s): NVDA: 45 shares held without a working stop',
      }),
    ]);
  });

  it('skips a tick the gate refuses, saying why once a day per job', async () => {
    let runs = 0;
    const jobs: Record<string, JobFunction> = { count: async () => ({ counts: { runs: ++runs }, problems: [] }) };
    const runner = createJobRunner(runtime, { jobs, gate: CLOSED });
    expect(await runner.run('count', 'session', TICK)).toEqual({ outcome: 'skipped', reason: 'the market is closed on 2025-01-15' });
    await runner.run('count', 'session', new Date(TICK.getTime() + 300_000));
    expect(runs).toBe(0);
    expect(events('job.skipped').map((l) => l['level'])).toEqual([30, 20]);
    expect(events('job.skipped')[0]['msg']).toBe('count skipped: the market is closed on 2025-01-15.');
  });
});

function collect(into: Array<Record<string, unknown>>): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) into.push(JSON.parse(line));
      done();
    },
  });
}
