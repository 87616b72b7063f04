// The scheduler process: runs the schedule until SIGINT/SIGTERM, with alerts and the /health and
// /metrics endpoint. Everything it does lives in the libraries; this file only wires configuration,
// output and signals.
import { createAlertingLogger } from '@trading-monitor/alerts';
import { ConfigError, loadConfig, type Config, type Logger } from '@trading-monitor/config';
import { TradingMetrics, bookFigures, meteredBroker, schedulerHealth, startTelemetryServer, type TelemetryServer } from '@trading-monitor/telemetry';
import { describeJobPlan, startScheduler, type Scheduler } from '@trading-monitor/scheduling';
import { SetupRequired, openRuntime, startOrderEvents, type Runtime } from '@trading-monitor/runtime';
import { STREAM_POOL_SIZE, type StreamStatus } from '@trading-monitor/workflows';
import { stopRequested } from './stop-signal';

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
  let runtime: Runtime | undefined;
  const metrics = new TradingMetrics(async () => {
    if (!runtime) throw new Error('the scheduler is still starting');
    return bookFigures(runtime);
  });
  const { log: logger, alerts } = createAlertingLogger(config, { level: config.logLevel, tap: metrics.observe });
  log = logger;
  const stop = stopRequested(logger);

  try {
    runtime = await openRuntime(config, {
      log: logger,
      applicationName: 'trading-monitor scheduler',
      poolSize: STREAM_POOL_SIZE,
      wrapBroker: (broker) => meteredBroker(broker, (endpoint, error) => metrics.brokerCall(endpoint, error)),
    });
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
  // Real time beside the schedule: trade_updates drive each trade as its orders change (BROKER=alpaca).
  const orderEvents = startOrderEvents(runtime);
  const streamStatus = () => orderEvents?.status() ?? null;
  metrics.watchStream(streamStatus);
  const telemetry = await serveTelemetry(config, runtime, scheduler, metrics, logger, streamStatus);
  announce(scheduler, runtime, telemetry, logger);

  await stop;
  await orderEvents?.stop();
  await telemetry?.close();
  await scheduler.stop();
  await alerts.flush(5_000);
  return 0;
}

/** The endpoint is for watching: when its port is taken, the scheduler says so and trades on. */
async function serveTelemetry(
  config: Config,
  runtime: Runtime,
  scheduler: Scheduler,
  metrics: TradingMetrics,
  logger: Logger,
  orderEvents: () => StreamStatus | null,
): Promise<TelemetryServer | null> {
  if (!config.metrics) return null;
  try {
    const server = await startTelemetryServer({
      ...config.metrics,
      metrics,
      health: () =>
        schedulerHealth({
          runtime,
          overdue: scheduler.overdue,
          storeKind: scheduler.store,
          lastRuns: metrics.lastRuns,
          book: () => bookFigures(runtime),
          orderEvents,
        }),
    });
    logger.info({ event: 'telemetry.listening', url: server.url }, `Health and metrics at ${server.url}/health and ${server.url}/metrics.`);
    return server;
  } catch (error) {
    logger.warn(
      { event: 'telemetry.unavailable', err: error },
      `The health and metrics endpoint could not listen on ${config.metrics.host}:${config.metrics.port} (${(error as Error).message}); ` +
        'the scheduler runs without it. Set METRICS_PORT to a free port, or METRICS_PORT=off.',
    );
    return null;
  }
}

/** Each job with its next run: readable lines on a terminal, log events (JSON) otherwise. */
function announce(scheduler: Scheduler, runtime: Runtime, telemetry: TelemetryServer | null, logger: Logger): void {
  if (!process.stdout.isTTY) {
    for (const plan of scheduler.plans)
      logger.info({ event: 'scheduler.job', job: plan.job, when: plan.when, nextRunAt: plan.nextRunAt }, describeJobPlan(plan));
    return;
  }
  const database = runtime.database.embedded ? 'the embedded development database' : 'the configured database';
  const store = scheduler.store === 'mongodb' ? 'MongoDB' : 'the trading database';
  const lines = [
    `trading-monitor scheduler: ${database}, ${runtime.broker.kind} broker, jobs kept in ${store}.`,
    ...scheduler.plans.map((plan) => `  ${describeJobPlan(plan)}`),
    'Times are New York time; market holidays and early closes come from the broker calendar.',
    telemetry ? `Health: ${telemetry.url}/health   Metrics: ${telemetry.url}/metrics` : 'Health and metrics endpoint: off.',
    'Ctrl-C stops after a running job has finished.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  // Exit explicitly: Agenda leaves a lock-watch timer of up to five minutes behind its last run.
  (code) => process.exit(code),
  (error: unknown) => {
    // Through the logger when there is one: it keeps secrets (a database password) out of the line.
    if (log)
      log.fatal({ event: 'scheduler.failed', err: error }, `The scheduler stopped on an error: ${error instanceof Error ? error.message : String(error)}`);
    else process.stderr.write(`The scheduler stopped on an error: ${String(error)}\n`);
    process.exit(1);
  },
);
