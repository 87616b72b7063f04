// The scheduler process: runs the SPEC §5 schedule until SIGINT/SIGTERM. Everything it does lives in
// @trading-monitor/workflows (startScheduler); this file only wires configuration, output and signals.
import { ConfigError, createLogger, loadConfig, secretsOf, type Logger } from '@trading-monitor/config';
import { SetupRequired, describePlan, openRuntime, startOrderEvents, startScheduler, stopRequested, type Runtime, type Scheduler } from '@trading-monitor/workflows';

let log: Logger | undefined;

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  const logger = (log = createLogger({ level: config.logLevel, secrets: secretsOf(config) }));
  const stop = stopRequested(logger);

  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, { log: logger, applicationName: 'trading-monitor scheduler' });
  } catch (error) {
    if (!(error instanceof SetupRequired)) throw error;
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  let scheduler: Scheduler;
  try {
    scheduler = await startScheduler(runtime);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  announce(scheduler, runtime, logger);
  // Real time beside the schedule: trade_updates drive each trade as its orders change (BROKER=alpaca).
  const orderEvents = startOrderEvents(runtime);

  await stop;
  await orderEvents?.stop();
  await scheduler.stop();
  return 0;
}

/** Each job with its next run: readable lines on a terminal, log events (JSON) otherwise. */
function announce(scheduler: Scheduler, runtime: Runtime, logger: Logger): void {
  if (!process.stdout.isTTY) {
    for (const plan of scheduler.plans) logger.info({ event: 'scheduler.job', job: plan.job, when: plan.when, nextRunAt: plan.nextRunAt }, describePlan(plan));
    return;
  }
  const database = runtime.database.embedded ? 'the embedded development database' : 'the configured database';
  const store = scheduler.store === 'mongodb' ? 'MongoDB' : 'the trading database';
  const lines = [
    `trading-monitor scheduler: ${database}, ${runtime.broker.kind} broker, jobs kept in ${store}.`,
    ...scheduler.plans.map((plan) => `  ${describePlan(plan)}`),
    'Times are New York time; market holidays and early closes come from the broker calendar.',
    'Ctrl-C stops after a running job has finished.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  // Exit explicitly: Agenda leaves a lock-watch timer of up to five minutes behind its last run.
  (code) => process.exit(code),
  (error: unknown) => {
    // Through the logger when there is one: it keeps secrets (a database password) out of the line.
    if (log) log.fatal({ event: 'scheduler.failed', err: error }, `The scheduler stopped on an error: ${error instanceof Error ? error.message : String(error)}`);
    else process.stderr.write(`The scheduler stopped on an error: ${String(error)}\n`);
    process.exit(1);
  },
);
