import { loadConfig } from '@trading-monitor/config';
import { bundleEntry, createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { setupConfiguredDatabase } from '@trading-monitor/scheduling';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

// Two scheduler processes (testing/tick-recorder.ts: the real startScheduler, one job every 2 s) on
// one database with the PostgreSQL job store. Each records the ticks it runs: Agenda's locking must
// make every tick run exactly once across both, and none may be lost when one of them stops.

const ROOT = resolve(__dirname, '../../..');
let recorder: string;
beforeAll(() => (recorder = bundleEntry('apps/scheduler/src/testing/tick-recorder.ts', 'apps/scheduler/tsconfig.exec.json')));
const BOTH_RUN_MS = 5_000;
const ONE_RUNS_MS = 4_500;

let db: TestDatabase;
let client: Client;
const dataDirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const dataDir = newDataDir();
  await setupConfiguredDatabase(loadConfig({ DATABASE_URL: db.url, DATA_DIR: dataDir }, { envFile: false }), { production: false });
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    'CREATE TABLE scheduler_ticks (scheduled_for TIMESTAMPTZ NOT NULL, pid INT NOT NULL, ran_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())',
  );
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await client?.end();
  await db?.drop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

it('two scheduler processes on one store run each tick exactly once, and one carries on when the other stops', async () => {
  const first = startRecorder();
  const second = startRecorder();
  await Promise.all([first.ready, second.ready]);
  await sleep(BOTH_RUN_MS);
  first.process.kill('SIGTERM');
  // A graceful stop: exit 0 once its running tick, if any, has finished and saved.
  expect(await first.exited).toBe(0);
  const firstStoppedAt = new Date();
  await sleep(ONE_RUNS_MS);
  second.process.kill('SIGTERM');
  expect(await second.exited).toBe(0);

  const { rows } = await client.query<{ scheduled_for: Date; runs: number; pids: number[] }>(
    'SELECT scheduled_for, count(*)::int AS runs, array_agg(pid) AS pids FROM scheduler_ticks GROUP BY scheduled_for ORDER BY scheduled_for',
  );
  expect(rows.length).toBeGreaterThanOrEqual(4);
  expect(rows.filter((row) => row.runs !== 1)).toEqual([]);
  // None lost, the stop included: one every 2 seconds from the first to the last.
  const ticks = rows.map((row) => row.scheduled_for.getTime());
  expect(ticks.slice(1).map((t, i) => t - ticks[i])).toEqual(ticks.slice(1).map(() => 2000));
  // Which process takes a tick depends on when each polls; after the first stopped, only the second can.
  const afterStop = rows.filter((row) => row.scheduled_for > firstStoppedAt);
  expect(afterStop.length).toBeGreaterThanOrEqual(1);
  expect(afterStop.flatMap((row) => row.pids)).toEqual(afterStop.map(() => second.process.pid));
}, 60_000);

function startRecorder(): { process: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--enable-source-maps', recorder], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: newDataDir(), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    void exited.then((code) => reject(new Error(`tick-recorder exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { process: child, ready, exited };
}

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'two-schedulers-'));
  dataDirs.push(dir);
  return dir;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
