// Jest globalSetup: one PostgreSQL server for the whole test run. Test files each create their own
// database on it (see test-database.ts). With TEST_DATABASE_URL set, that server is used instead.
import { startTestServer, type TestServer } from './test-server';

declare global {
  var __tmTestServer: TestServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env['TEST_DATABASE_URL']) {
    process.env['TM_TEST_ADMIN_URL'] = process.env['TEST_DATABASE_URL'];
    return;
  }
  const server = await startTestServer();
  globalThis.__tmTestServer = server;
  // Workers are forked after globalSetup, so they inherit this.
  process.env['TM_TEST_ADMIN_URL'] = server.adminUrl;
}
