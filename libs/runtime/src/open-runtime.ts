import { createBroker, type ManagedBroker } from '@trading-monitor/broker';
import { createLogger, secretsOf, type Config, type Logger } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import { openDatabase, setupDatabase, type Database, type EmbeddedDatabaseOptions } from '@trading-monitor/persistence';
import { jobTableStatements, type SchedulerRuntime } from '@trading-monitor/scheduling';
import { assertSetUp } from './setup-required';

/**
 * What the apps run on: what every job needs (JobDeps) and what a scheduler needs besides
 * (SchedulerRuntime), with the whole database this process opened.
 */
export interface Runtime extends SchedulerRuntime {
  database: Database;
}

export interface RuntimeOptions {
  log?: Logger;
  clock?: Clock;
  /** Shown in pg_stat_activity: `trading-monitor scheduler`, `trading-monitor cli`. */
  applicationName?: string;
  /** Pooled database connections (default 5): the scheduler takes more, for the stream's syncs beside its jobs. */
  poolSize?: number;
  /** Use this broker instead of the configured one (the demo's in-memory simulator). */
  broker?: ManagedBroker;
  /** Wraps the broker the jobs use (the scheduler's metrics count its requests). */
  wrapBroker?: (broker: ManagedBroker) => ManagedBroker;
  /** Which database of the embedded server, and whether to start it afresh (the demo's own). */
  embedded?: EmbeddedDatabaseOptions;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Everything a job runs on, from the configuration. The embedded development database is created
 * and set up on first use; a configured database must have been set up with `db:setup` first.
 */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config.database, { applicationName: options.applicationName, poolSize: options.poolSize, embedded: options.embedded });
  try {
    if (database.embedded) {
      const report = await setupDatabase(database.dataSource, { production: false, extraStatements: jobTableStatements() });
      if (report.created.length > 0) log.info({ event: 'database.setup', created: report.created.length }, 'Set up the embedded development database.');
    } else {
      await assertSetUp(database);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const chosen = options.broker ?? createBroker(config.broker, { clock });
  const broker = options.wrapBroker ? options.wrapBroker(chosen) : chosen;
  log.debug({ event: 'runtime.open', database: database.embedded ? 'embedded' : 'configured', broker: broker.kind });
  return {
    config,
    dataSource: database.dataSource,
    database,
    broker,
    clock,
    log,
    flush: () => broker.persist(),
    async close() {
      try {
        await broker.persist();
      } finally {
        await database.close();
      }
    },
  };
}
