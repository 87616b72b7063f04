import { loadConfig, silentLogger, type Config } from '@trading-monitor/config';
import { setupConfiguredDatabase } from '@trading-monitor/scheduling';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime } from './open-runtime';
import { SetupRequired } from './setup-required';

let db: TestDatabase;
let config: Config;
const dataDir = mkdtempSync(join(tmpdir(), 'tm-runtime-'));

beforeAll(async () => {
  db = await createTestDatabase();
  config = loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { envFile: false });
});
afterAll(async () => {
  await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('openRuntime on a configured database', () => {
  it('refuses one db:setup has not prepared, with the command to run (exit 2)', async () => {
    const opening = openRuntime(config, { log: silentLogger() });
    await expect(opening).rejects.toBeInstanceOf(SetupRequired);
    await expect(opening).rejects.toThrow('Run `db:setup --production` once');
  });

  it('opens the configured broker on a prepared one, and closes the database', async () => {
    await setupConfiguredDatabase(config, { production: false });
    const runtime = await openRuntime(config, { log: silentLogger() });
    try {
      expect(runtime.broker.kind).toBe('simulated');
      expect(await runtime.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await runtime.close();
    }
    expect(runtime.database.dataSource.isInitialized).toBe(false);
  });
});
