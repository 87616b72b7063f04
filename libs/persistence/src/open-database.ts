import type { DatabaseConfig } from '@trading-monitor/config';
import type { DataSource } from 'typeorm';
import { connectionStartupOptions, createDataSource, type DataSourceOptions } from './data-source';
import { chooseDecisionTable } from './decision-table/decision-table';
import { locateDecisionTable } from './decision-table/locate-decision-table';
import { startEmbeddedDatabase, type EmbeddedDatabaseOptions } from './embedded-database';

export interface PgConnection {
  /** Holds the password: never print it. */
  connectionString: string;
  /** PostgreSQL startup options (`-c search_path=… -c TimeZone=UTC`). */
  options: string;
}

export interface Database {
  dataSource: DataSource;
  /** Connection URL (holds the password: never print it). */
  url: string;
  /** True when the embedded development server is in use. */
  embedded: boolean;
  /** The schema the connections work in: the decisions table's, where the product's tables are. */
  schema: string;
  /**
   * node-pg settings for any other pool on this database (the job store, a health check): the URL plus
   * the startup options that put its connections in `schema`, in UTC, like TypeORM's.
   */
  connection: PgConnection;
  /** Closes the pool, and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/**
 * Connects to the configured database, starting the embedded one when no database is configured.
 * The connections work in the schema of the decisions table (NocoDB gives each base a schema of its
 * own), so the product's tables sit beside it; when the table cannot be told yet (none, several),
 * in the server's default schema, and whatever needs the table says what is wrong.
 */
export async function openDatabase(config: DatabaseConfig, options: DataSourceOptions & { embedded?: EmbeddedDatabaseOptions } = {}): Promise<Database> {
  const embedded = config.kind === 'embedded' ? await startEmbeddedDatabase(config.dataDir, options.embedded) : undefined;
  const url = config.kind === 'url' ? config.url : embedded!.url;
  let dataSource = createDataSource(url, options);
  let schema: string;
  try {
    await dataSource.initialize();
    schema = await currentSchema(dataSource);
    const located = await locateDecisionTable(dataSource.manager, config.decisionTable).catch(() => null);
    if (located && located.schema !== schema) {
      await dataSource.destroy();
      dataSource = createDataSource(url, { ...options, schema: located.schema });
      await dataSource.initialize();
      schema = located.schema;
    }
    chooseDecisionTable(dataSource, config.decisionTable);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    embedded: embedded !== undefined,
    schema,
    connection: { connectionString: url, options: connectionStartupOptions(schema) },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

async function currentSchema(dataSource: DataSource): Promise<string> {
  const [{ schema }] = await dataSource.query('SELECT current_schema() AS schema');
  return schema;
}
