import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { ENTITIES } from './entities';
import { ExactPriceSubscriber } from './exact-prices';
import { quoteIdent } from './schema/sql-identifier';
import { utcPoolOptions } from './utc-timestamps';

export interface DataSourceOptions {
  /** Connections in the pool. The jobs run one step at a time; a few cover the scheduler and a CLI run. */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell the product's connections apart. */
  applicationName?: string;
  /** Called with every SQL statement sent, failed ones included: benchmarks count round trips with it. */
  onQuery?: (sql: string) => void;
  /**
   * The schema every connection works in (its search_path): the decisions table's, so the
   * product's tables land beside it, in the same NocoDB base. Unset: the server's default.
   */
  schema?: string;
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
    // Timestamps in UTC whatever the process's TZ (utc-timestamps.ts); the schema of the decisions table.
    extra: { idleTimeoutMillis: 30_000, ...utcPoolOptions(), ...startupOptions(options) },
  });
}

function startupOptions(options: DataSourceOptions): { options: string } {
  return { options: connectionStartupOptions(options.schema) };
}

/**
 * PostgreSQL settings sent when each connection starts (libpq's `options`, which node-pg passes on),
 * so every pooled connection has them before its first statement: UTC, and the schema to work in.
 * Every pool the product opens uses them (TypeORM's here, the job store's, health's): a pool opened
 * on the bare URL looks in `public`, where NocoDB's usual install has none of the product's tables.
 * Spaces and backslashes escaped as PostgreSQL's startup packet parsing wants.
 */
export function connectionStartupOptions(schema?: string): string {
  const settings: string[] = ['TimeZone=UTC'];
  if (schema !== undefined) settings.push(`search_path=${quoteIdent(schema)}`);
  return settings.map((setting) => `-c ${setting.replace(/[\\ ]/g, (c) => `\\${c}`)}`).join(' ');
}

/** A TypeORM logger that reports each statement and logs nothing. */
function queryListener(onQuery: (sql: string) => void): Logger {
  const ignore = () => undefined;
  return { logQuery: (sql) => onQuery(sql), logQueryError: ignore, logQuerySlow: ignore, logSchemaBuild: ignore, logMigration: ignore, log: ignore };
}
