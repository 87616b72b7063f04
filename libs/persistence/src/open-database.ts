import type { DatabaseConfig } from '@trading-monitor/config';
import type { DataSource } from 'typeorm';
import { createDataSource, type DataSourceOptions } from './data-source';
import { startEmbeddedDatabase, type EmbeddedDatabaseOptions } from './embedded-database';

export interface Database {
  dataSource: DataSource;
  /** Connection URL (holds the password: never print it). */
  url: string;
  /** True when the embedded development server is in use. */
  embedded: boolean;
  /** Closes the pool, and stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** Connects to the configured database, starting the embedded one when no database is configured. */
export async function openDatabase(config: DatabaseConfig, options: DataSourceOptions & { embedded?: EmbeddedDatabaseOptions } = {}): Promise<Database> {
  const embedded = config.kind === 'embedded' ? await startEmbeddedDatabase(config.dataDir, options.embedded) : undefined;
  const url = config.kind === 'url' ? config.url : embedded!.url;
  const dataSource = createDataSource(url, options);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    embedded: embedded !== undefined,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
