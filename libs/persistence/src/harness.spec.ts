import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { Client } from 'pg';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

it('writes and reads a DECIMAL row on real PostgreSQL', async () => {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query('CREATE TABLE t (price DECIMAL(10,2))');
  await client.query('INSERT INTO t VALUES ($1)', ['133.80']);
  const { rows } = await client.query('SELECT price FROM t');
  await client.end();
  expect(rows).toEqual([{ price: '133.80' }]);
});
