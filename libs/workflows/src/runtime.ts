import { createBroker, type ManagedBroker } from '@trading-monitor/broker';
import { createLogger, secretsOf, type Config, type Logger } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import { jobTableStatements, openDatabase, readSetupState, setupDatabase, type Database, type EmbeddedDatabaseOptions } from '@trading-monitor/persistence';
import type { JobDeps } from './job-deps';

export interface Runtime extends JobDeps {
  config: Config;
  broker: ManagedBroker;
  database: Database;
  /** Saves what must outlive the process between runs (the simulated broker's account). */
  flush(): Promise<void>;
  /** Flushes, closes the pool, and stops the embedded database if this process started it. */
  close(): Promise<void>;
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

export class SetupRequired extends Error {
  override readonly name = 'SetupRequired';
  readonly exitCode = 2;
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

async function assertSetUp(database: Database): Promise<void> {
  const state = await readSetupState(database.dataSource.manager);
  if (!state.productTables) {
    throw new SetupRequired(
      `The trading tables are missing in this database. Run \`db:setup --production\` once (it adds only the product's tables and the four analysis_decision columns), then try again. They go in schema ${state.schema}${state.decisionTable ? `, beside ${state.decisionTable}` : ''}.`,
    );
  }
  if (state.problems.length > 0) throw new SetupRequired(`The database is not ready: ${state.problems.join('; ')}.`);
}
