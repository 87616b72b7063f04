import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { ENTITIES } from './entities';
import { ExactPriceSubscriber } from './exact-prices';
import { utcPoolOptions } from './utc-timestamps';

export interface DataSourceOptions {
  /** Connections in the pool. The jobs run one step at a time; a few cover the scheduler and a CLI run. */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell the product's connections apart. */
  applicationName?: string;
  /** Called with every SQL statement sent, failed ones included: benchmarks count round trips with it. */
  onQuery?: (sql: string) => void;
}

/** A TypeORM data source on the trading database. Call `initialize()` before use, `destroy()` to close. */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    subscribers: [ExactPriceSubscriber],
    synchronize: false, // the schema is set up by setupDatabase, never by TypeORM
    logging: false,
    ...(options.onQuery && { logger: queryListener(options.onQuery) }),
    poolSize: options.poolSize ?? 5,
    applicationName: options.applicationName ?? 'trading-monitor',
    connectTimeoutMS: 10_000,
    // Timestamps in UTC whatever the process's TZ (utc-timestamps.ts).
    extra: { idleTimeoutMillis: 30_000, ...utcPoolOptions() },
  });
}

/** A TypeORM logger that reports each statement and logs nothing. */
function queryListener(onQuery: (sql: string) => void): Logger {
  const ignore = () => undefined;
  return { logQuery: (sql) => onQuery(sql), logQueryError: ignore, logQuerySlow: ignore, logSchemaBuild: ignore, logMigration: ignore, log: ignore };
}
