// A scheduler process for the two-process test: the real startScheduler on the configured database,
// with one test job every 2 seconds that records each tick it runs (table scheduler_ticks). Prints
// "ready" once scheduling; stops gracefully on SIGTERM.
import { createLogger, loadConfig } from '@trading-monitor/config';
import { startScheduler, type JobFunction, type MarketGate, type ScheduledJob } from '@trading-monitor/scheduling';
import { openRuntime } from '@trading-monitor/runtime';
import { stopRequested } from '../stop-signal';

const schedule: ScheduledJob[] = [{ job: 'tick', when: 'every 2 seconds', runs: [{ cron: '*/2 * * * * *', window: 'session' }] }];
// The test runs at any hour; the market calendar has its own tests.
const alwaysOpen: MarketGate = { check: async () => ({ go: true }) };
const recordTick: JobFunction = async ({ dataSource }, { scheduledFor }) => {
  await dataSource.query('INSERT INTO scheduler_ticks (scheduled_for, pid) VALUES ($1, $2)', [scheduledFor, process.pid]);
  return { counts: { recorded: 1 }, problems: [] };
};

async function main(): Promise<void> {
  const config = loadConfig(process.env, { envFile: false });
  const log = createLogger({ level: config.logLevel, destination: process.stderr, pretty: false });
  const stop = stopRequested(log);
  const runtime = await openRuntime(config, { log, applicationName: `tick-recorder ${process.pid}` });
  const scheduler = await startScheduler(runtime, { schedule, jobs: { tick: recordTick }, gate: alwaysOpen, processEvery: 300, lockLifetimeMs: 5000 });
  process.stdout.write('ready\n');
  await stop;
  await scheduler.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`tick-recorder failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
