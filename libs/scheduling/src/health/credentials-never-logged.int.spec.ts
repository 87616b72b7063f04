import { SimulatedBroker } from '@trading-monitor/broker';
import { startAlpacaTestServer, type AlpacaTestServer } from '@trading-monitor/broker/testing';
import { loadConfig } from '@trading-monitor/config';
import { newTradeDecision } from '@trading-monitor/workflows/testing';
import { bundleEntry, createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { setupConfiguredDatabase } from '../database-setup';

// Issue 9: run the operator CLI, as a process, with known fake credentials (Alpaca keys against the
// loopback Alpaca server, a database password) at the most talkative log level, through success and
// failure, and find them on no line of its output. The CLI is an app, which a library may not import:
// it is built as `nx run cli:exec` builds it (esbuild, bundleEntry) and run with node, as operators run it.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../../..');
const KEY_ID = 'PKCANARY7Q4Z9XKEYID';
const SECRET = 'canary-secret-5Hf8Lw2Rt9';
const WRONG_SECRET = 'canary-wrong-secret-3Jd6Pq';
const DB_PASSWORD = 'canary-db-pw-8Kx2';
const CANARIES = [KEY_ID, SECRET, WRONG_SECRET, DB_PASSWORD];

let db: TestDatabase;
let role: string;
let server: AlpacaTestServer;
let env: Record<string, string>;
const dataDir = mkdtempSync(join(tmpdir(), 'tm-credentials-'));

beforeAll(async () => {
  db = await createTestDatabase();
  // A login of our own, so the database password in the URL is a known, distinctive one.
  role = `${db.name}_canary`;
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${DB_PASSWORD}'`);
  await admin.end();
  const url = new URL(db.url);
  url.username = role;
  url.password = DB_PASSWORD;

  server = await startAlpacaTestServer({ market: new SimulatedBroker({ clock: { now: () => new Date() } }), keyId: KEY_ID, secretKey: SECRET });
  env = {
    PATH: process.env['PATH'] ?? '',
    DATABASE_URL: url.toString(),
    BROKER: 'alpaca',
    ALPACA_API_KEY: KEY_ID,
    ALPACA_SECRET_KEY: SECRET,
    ALPACA_TRADING_URL: server.url,
    ALPACA_DATA_URL: server.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
  };
  await setupConfiguredDatabase(loadConfig(env, { envFile: false }), { production: false });
  const seed = new Client({ connectionString: env['DATABASE_URL'] });
  await seed.connect();
  await seed.query(`INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve") VALUES ('LEAK-1', 'NVDA', $1, true)`, [
    JSON.stringify(newTradeDecision('NVDA')),
  ]);
  await seed.end();
});

afterAll(async () => {
  await server?.close();
  await db.drop();
  const admin = new Client({ connectionString: db.url.replace(`/${db.name}`, '/postgres') });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
});

let program: string;
beforeAll(() => (program = bundleEntry('apps/cli/src/main.ts', 'apps/cli/tsconfig.exec.json')));

function cli(args: string[], overrides: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [program, ...args], { cwd: ROOT, env: { ...env, ...overrides } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

function expectNoCanary(output: string): void {
  for (const canary of CANARIES) expect(output).not.toContain(canary);
}

describe('credentials in CLI output', () => {
  it('appear on no line while the jobs run against the Alpaca server, logging everything', async () => {
    const runs = [
      await cli(['health']),
      await cli(['execute', '--json']),
      await cli(['monitor-orders']),
      await cli(['status']),
      await cli(['reconcile', '--json']),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
    expect(server.requests.some((r) => r.method === 'POST' && r.path === '/v2/orders')).toBe(true); // the entry went through the server
    const output = runs.map((r) => r.output).join('\n');
    expect(output.split('\n').length).toBeGreaterThan(20); // trace logging did talk
    expect(output).toContain('"event":"entry.placed"');
    expectNoCanary(output);
  });

  it('appear on no line when the broker refuses the keys or the database is unreachable, stack traces included', async () => {
    const refused = await cli(['health'], { ALPACA_SECRET_KEY: WRONG_SECRET, LOG_LEVEL: 'debug' });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/broker\s+DOWN/);
    const unreachable = await cli(['status'], { DATABASE_URL: `postgres://${role}:${DB_PASSWORD}@127.0.0.1:1/nowhere`, LOG_LEVEL: 'debug' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toContain('status failed: ');
    expectNoCanary(refused.output + unreachable.output);
  });
});
