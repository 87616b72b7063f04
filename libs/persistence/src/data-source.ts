import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';

export interface DataSourceOptions {
  /** Connections in the pool. The jobs run one step at a time; a few cover the scheduler and a CLI run. */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator can tell the product's connections apart. */
  applicationName?: string;
}

/** A TypeORM data source on the trading database. Call `initialize()` before use, `destroy()` to close. */
export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    synchronize: false, // the schema is set up by setupDatabase, never by TypeORM
    logging: false,
    poolSize: options.poolSize ?? 5,
    applicationName: options.applicationName ?? 'trading-monitor',
    connectTimeoutMS: 10_000,
    extra: { idleTimeoutMillis: 30_000 },
  });
}
