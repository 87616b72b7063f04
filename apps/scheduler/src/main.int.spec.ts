import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schedulerBundle } from './testing/scheduler-process';

// The app shell: what an operator sees when the scheduler cannot start. Run from an empty folder,
// so that no .env of the developer's checkout takes part.

let folder: string;
beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'scheduler-main-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('scheduler app', () => {
  it('a configuration problem: says which variable, exits 2', async () => {
    const { code, stderr } = await runMain({ BROKER: 'alpaca' });
    expect(code).toBe(2);
    expect(stderr).toContain('ALPACA_API_KEY (or APCA_API_KEY_ID) is required when BROKER=alpaca');
  }, 30_000);

  it('a database that was never set up: says to run db:setup, exits 2', async () => {
    const db: TestDatabase = await createTestDatabase();
    try {
      const { code, stderr } = await runMain({ DATABASE_URL: db.url });
      expect(code).toBe(2);
      expect(stderr).toContain('Run `db:setup --production` once');
    } finally {
      await db.drop();
    }
  }, 30_000);
});

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--enable-source-maps', schedulerBundle()], {
    cwd: folder,
    env: { PATH: process.env['PATH'], DATA_DIR: folder, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    }),
  );
}
