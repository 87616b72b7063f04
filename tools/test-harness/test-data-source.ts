import { createDataSource, setupDatabase, type DataSource } from '@trading-monitor/persistence';
import { createTestDatabase } from './test-database';

export interface TestDataSource {
  dataSource: DataSource;
  /** For a second connection to the same database. */
  url: string;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** A fresh database of the test server, set up as `db:setup` (development) leaves it, and a data source on it. */
async function openTestDataSource(): Promise<TestDataSource> {
  const db = await createTestDatabase();
  const dataSource = await createDataSource(db.url).initialize();
  await setupDatabase(dataSource, { production: false });
  return {
    dataSource,
    url: db.url,
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/**
 * A set-up test database for each test file (`per: 'file'`) or each test, opened before and dropped
 * after by Jest's hooks; `onOpen` receives its data source and URL.
 */
export function useTestDataSource(onOpen: (dataSource: DataSource, url: string) => void, per: 'file' | 'test' = 'file'): void {
  let opened: TestDataSource | undefined;
  const [before, after] = per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    opened = await openTestDataSource();
    onOpen(opened.dataSource, opened.url);
  });
  after(() => opened?.close());
}
