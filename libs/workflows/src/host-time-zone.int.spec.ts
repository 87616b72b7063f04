import { bundleEntry, createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

// Issue 12: the host's time zone must not change the record. The same trading day — entry, fill,
// mark, a position closed by hand in the dashboard — runs step by step as separate processes, once
// all in UTC and once hopping between Los Angeles and Tokyo (a launchd Mac and a container, say).
// The journals must be identical to the byte, timestamps included (UTC wall time), and the hand-closed
// position priced from its real exit fill (138.10), not from the last mark (137.00).
jest.setTimeout(240_000);

const ROOT = resolve(__dirname, '../../..');
const STEPS = ['execute', 'fill', 'mark', 'close-by-hand'] as const;
const dirs: string[] = [];
const dbs: TestDatabase[] = [];

afterAll(async () => {
  for (const db of dbs) await db.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Each step runs the bundled step script (tz-lifecycle-step.ts) in its own process, with its own TZ. */
let stepScript: string;
beforeAll(() => (stepScript = bundleEntry('libs/workflows/src/testing/tz-lifecycle-step.ts', 'apps/cli/tsconfig.exec.json')));

function step(name: string, tz: string, env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [stepScript, name], { cwd: ROOT, env: { ...process.env, ...env, TZ: tz } }, (error, stdout, stderr) => {
      if (error) fail(new Error(`step ${name} (TZ=${tz}) failed: ${stderr}`));
      else done(stdout);
    });
  });
}

/** Every row the product wrote, timestamps as PostgreSQL holds them (text, no conversion by the reader). */
async function journalOf(url: string): Promise<Record<string, unknown[]>> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const tables = {
      trade_journal: 'id',
      order_execution: 'id',
      order_fill: 'order_execution_id',
      position_tracking: 'id',
      execution_log: 'id',
      analysis_decision: '"Analysis_Id"',
    };
    const out: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(tables)) {
      // Broker order ids are random per account: compare what they mean, not their text.
      const { rows } = await sql.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY ${key}`);
      out[table] = rows.map(({ row }) => JSON.parse(JSON.stringify(row).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')));
    }
    return out;
  } finally {
    await sql.end();
  }
}

async function runDay(zones: readonly string[]): Promise<{ journal: Record<string, unknown[]>; closed: unknown }> {
  const db = await createTestDatabase();
  dbs.push(db);
  const dir = mkdtempSync(join(tmpdir(), 'tm-tz-'));
  dirs.push(dir);
  const env = { DATABASE_URL: db.url, STATE_FILE: join(dir, 'account.json') };
  let last = '';
  for (const [i, name] of STEPS.entries()) last = await step(name, zones[i % zones.length] as string, env);
  return { journal: await journalOf(db.url), closed: JSON.parse(last).closed };
}

describe('the host time zone', () => {
  it('changes nothing in the journal: one day in UTC, the same day hopping between Los Angeles and Tokyo', async () => {
    const utc = await runDay(['UTC']);
    const hopping = await runDay(['Asia/Tokyo', 'America/Los_Angeles']);

    expect(utc.closed).toEqual([expect.objectContaining({ reason: 'MANUAL_EXIT', exitPrice: '138.10', pnl: '193.50' })]);
    expect(hopping.closed).toEqual(utc.closed);
    // UTC wall time in the TIMESTAMP columns, which is what NocoDB shows.
    const [trade] = utc.journal['trade_journal'] as Array<Record<string, unknown>>;
    expect(trade).toMatchObject({
      created_at: '2025-01-15T14:45:00',
      exit_date: '2025-01-15',
      exit_reason: 'MANUAL_EXIT',
      exit_price: 138.1,
      actual_pnl: 193.5,
    });
    expect(hopping.journal).toEqual(utc.journal);
  });
});
