import type { ReplayRun } from '@trading-monitor/replay';
import { newTradeDecision } from '@trading-monitor/workflows/testing';
import { createTestDatabase, describeInBrowser, openInChromium, type HeadlessChromium, type TestDatabase } from '@trading-monitor/test-harness';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { signed } from './output/amounts';
import { jsonOf, resultOf, runCliForTest } from './testing/run-cli';

// `replay` end to end on the embedded default: the journal is a test database (read, never written),
// the scratch book the embedded PostgreSQL in DATA_DIR, the bars the offline seeded ones. Its page is
// then opened in a real browser, as `report --html`'s is.
jest.setTimeout(180_000);

let db: TestDatabase;
let dataDir: string;
let env: Record<string, string>;
const cli = (...args: string[]) => runCliForTest(args, env);
const RANGE = ['--from', '2025-09-02', '--to', '2025-09-08'];

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A buy of 10 at `limit`: SWING with a target, TREND without. */
const decision = (symbol: string, limit: number, stop: number, target?: number) => ({
  ...newTradeDecision(symbol, {
    strategy: target ? 'SWING' : 'TREND',
    qty: 10,
    limit_price: limit,
    stop_loss: { stop_price: stop },
    take_profit: target ? { limit_price: target } : undefined,
  }),
  analysis_date: '2025-09-02',
});

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-replay-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach the folder
  env = { DATABASE_URL: db.url, BROKER: 'simulated', DATA_DIR: dataDir };
  expect((await cli('db:setup')).code).toBe(0);
  const rows: Array<[string, string, string, unknown, boolean]> = [
    ['rp-nvda', 'NVDA', '2025-09-02', decision('NVDA', 180, 176.4, 187.2), true],
    ['rp-amd', 'AMD:NASDAQ', '2025-09-03', decision('AMD', 160, 158), true],
    ['rp-tsla', 'TSLA', '2025-09-03', decision('TSLA', 430, 425, 440), false],
  ];
  for (const [id, ticker, date, body, approve] of rows) {
    await sql(`INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve", "Date", "Date_time") VALUES ($1, $2, $3, $4, $5, $6)`, [
      id,
      ticker,
      JSON.stringify(body),
      approve,
      date,
      `${date} 12:00:00`,
    ]);
  }
  // The real trade of rp-nvda, as the journal has it after paper trading.
  await sql(
    `INSERT INTO trade_journal (trade_id, symbol, trade_style, status, initial_analysis_id, planned_entry, planned_stop_loss, planned_qty, actual_entry, actual_qty, exit_price, actual_pnl, exit_reason, exit_date)
     VALUES ('REAL-1', 'NVDA', 'SWING', 'CLOSED', 'rp-nvda', 180, 176.4, 10, 180, 10, 187.2, 72, 'TARGET_HIT', '2025-09-04')`,
  );
});
afterAll(async () => {
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('replay', () => {
  let run: ReplayRun;

  beforeAll(async () => {
    const result = await cli('replay', ...RANGE, '--json', '--html', join(dataDir, 'replay.html'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    run = resultOf<ReplayRun>(result);
  });

  it('plays the approved decisions of the range, each on its day, and says what it assumed', () => {
    expect(run.decisions.map((d) => [d.analysisId, d.symbol, d.replayDay, d.outcome])).toEqual([
      ['rp-nvda', 'NVDA', '2025-09-02', 'placed'],
      ['rp-amd', 'AMD', '2025-09-03', 'placed'],
    ]);
    expect(run).toMatchObject({ days: 5, selection: 'approved', sample: false, bothInOneBar: 'stop' });
    expect(run.barsSource).toMatch(/offline seeded bars/);
    expect(run.bars).toBe(2 * 5 * 390);
    expect(run.fillModel.join('\n')).toMatch(/stop \(pessimistic.*\n.*\n.*partial fills are not modelled/s);
    expect(run.htmlFile).toBe(join(dataDir, 'replay.html'));
  });

  it('puts the real trade beside the replayed one', () => {
    const nvda = run.decisions.find((d) => d.analysisId === 'rp-nvda');
    expect(nvda?.real).toMatchObject({ tradeId: 'REAL-1', exitReason: 'TARGET_HIT', pnl: '72.00', entryPrice: '180.00' });
    expect(nvda?.replayed?.tradeId).toMatch(/^NVDA-20250902-/);
  });

  it('never writes the journal', async () => {
    const [row] = await sql<{ executed: number; trades: number }>(
      `SELECT (SELECT count(*)::int FROM analysis_decision WHERE executed IS TRUE OR existing_order_id IS NOT NULL) AS executed, (SELECT count(*)::int FROM trade_journal) AS trades`,
    );
    expect(row).toEqual({ executed: 0, trades: 1 });
  });

  it('is the same replay every time, and takes every decision with --decisions all', async () => {
    const again = resultOf<ReplayRun>(await cli('replay', ...RANGE, '--json'));
    expect(again.decisions).toEqual(run.decisions);
    expect(again.report).toEqual(run.report);
    const all = resultOf<ReplayRun>(await cli('replay', ...RANGE, '--decisions', 'all', '--symbols', 'tsla', '--json'));
    expect(all.decisions.map((d) => [d.analysisId, d.approved, d.outcome])).toEqual([['rp-tsla', false, 'placed']]);
  });

  it('shows a line per day, the report, the decisions and real beside replayed', async () => {
    const text = await cli('replay', ...RANGE);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('Replaying the approved decisions of 2025-09-02 to 2025-09-08 (5 market days) in a scratch database; the journal is only read.');
    expect(lines.filter((l) => /^2025-09-0\d {2}\[\d\/5\] {2}[\d,]+ bars, \d+ played against orders/.test(l))).toHaveLength(5);
    expect(text.stdout).toContain('  - partial fills are not modelled: every fill is the whole order; buying power is not limited\n');
    expect(text.stdout).toContain('Realized performance, 2025-09-02 to 2025-09-08 (exit dates, New York)');
    expect(text.stdout).toMatch(/\nDecisions\n {2}DAY +DECISION +SYMBOL +ACTION +OUTCOME/);
    expect(text.stdout).toMatch(/\nReal and replayed \(where the journal holds the real trade\)\n.*\n {2}rp-nvda +NVDA +180\.00/);
  });

  it('refuses a range that is not one, and options it does not know (exit 2)', async () => {
    const backwards = await cli('replay', '--from', '2025-09-08', '--to', '2025-09-02', '--json');
    expect(jsonOf(backwards)).toMatchObject({
      exitCode: 2,
      error: { kind: 'usage', message: '--from 2025-09-08 is after --to 2025-09-02: give the earlier day first.' },
    });
    const which = await cli('replay', ...RANGE, '--decisions', 'some', '--json');
    expect(jsonOf(which)).toMatchObject({ exitCode: 2, error: { message: '--decisions must be approved or all, got "some".' } });
    const noTable = await runCliForTest(['replay', ...RANGE, '--json'], { DATA_DIR: dataDir, BROKER: 'simulated' }); // the embedded default, empty
    expect(jsonOf(noTable)).toMatchObject({
      exitCode: 2,
      error: { kind: 'usage', message: expect.stringMatching(/No analysis_decision table .* add --sample\.$/) },
    });
    const weekend = await cli('replay', '--from', '2025-09-06', '--to', '2025-09-07', '--json');
    expect(jsonOf(weekend)).toMatchObject({ exitCode: 2, error: { message: '2025-09-06 to 2025-09-07 holds no market day: choose a range with one.' } });
  });
});

describeInBrowser('the replay page in a real browser', () => {
  let browser: HeadlessChromium;
  let run: ReplayRun;

  beforeAll(async () => {
    const file = join(dataDir, 'browser.html');
    run = resultOf<ReplayRun>(await cli('replay', ...RANGE, '--sample', '--symbols', 'NVDA,AMD,TSLA', '--html', file, '--json'));
    browser = await openInChromium(file);
  });
  afterAll(() => browser?.close());

  it('asks for nothing on the network and states the fill model', async () => {
    expect(browser.blocked).toEqual([]);
    expect(await browser.page.locator('[data-notes]').innerText()).toContain('partial fills are not modelled');
  });

  it('shows the totals and the equity curve of the replayed book', async () => {
    const page = browser.page;
    expect(run.report.totals.trades).toBeGreaterThan(0);
    expect((await page.locator('[data-total="trades"]').innerText()).trim()).toBe(String(run.report.totals.trades));
    expect((await page.locator('[data-total="realizedPnl"]').innerText()).trim()).toBe(signed(run.report.totals.realizedPnl));
    const line = page.locator('svg.chart-equity path.line');
    expect(await line.isVisible()).toBe(true);
    expect(((await line.getAttribute('d')) ?? '').match(/[ML]/g)).toHaveLength(run.report.trades.length + 1);
  });

  it('lists every decision with what became of it', async () => {
    const rows = browser.page.locator('[data-section="decisions"] tbody tr');
    expect(await rows.count()).toBe(run.decisions.length);
    const first = (await rows.first().locator('td').allInnerTexts()).map((t) => t.trim());
    const d = run.decisions[0];
    expect(first.slice(0, 5)).toEqual([d.replayDay, d.analysisId, d.symbol, d.action, d.outcome]);
  });
});
