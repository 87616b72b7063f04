import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** Connection URL of a fresh, empty database that belongs to this test file alone. */
  url: string;
  name: string;
  /** Kills every connection to this database, as a network drop or a server restart would. */
  disconnectAll(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * Creates a new database on the run's test server (started by global-setup.ts, or TEST_DATABASE_URL),
 * or on the server `adminUrl` names (the bench's).
 * Call it in `beforeAll` and `drop()` it in `afterAll`.
 */
export async function createTestDatabase(adminUrl = process.env['TM_TEST_ADMIN_URL']): Promise<TestDatabase> {
  if (!adminUrl) {
    throw new Error('No test PostgreSQL server: this test needs the harness globalSetup (tools/test-harness) in its jest.config.cjs, or TEST_DATABASE_URL.');
  }
  const name = `tm_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    disconnectAll: async () => {
      await withAdmin(adminUrl, (admin) =>
        admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]),
      );
    },
    drop: async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
