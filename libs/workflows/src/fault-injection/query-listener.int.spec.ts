import { createDataSource } from '@trading-monitor/persistence';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';

// createDataSource's `onQuery`: how the benchmark counts database round trips.
let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

it('reports every statement sent, transaction control and failed statements included', async () => {
  const seen: string[] = [];
  const dataSource = await createDataSource(db.url, { onQuery: (sql) => seen.push(sql) }).initialize();
  try {
    seen.length = 0;
    await dataSource.transaction((manager) => manager.query('SELECT 1'));
    await expect(dataSource.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
    expect(seen).toEqual(['START TRANSACTION', 'SELECT 1', 'COMMIT', 'SELECT * FROM no_such_table']);
  } finally {
    await dataSource.destroy();
  }
});
