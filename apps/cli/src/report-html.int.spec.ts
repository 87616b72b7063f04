import { createTestDatabase, describeInBrowser, openInChromium, type HeadlessChromium, type TestDatabase } from '@trading-monitor/test-harness';
import type { TradingReport } from '@trading-monitor/reporting';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { signed } from './output/amounts';
import { jsonOf, resultOf, runCliForTest } from './testing/run-cli';

// `report --html` end to end: the CLI writes the page from a real database, then a real browser
// (Debian's chromium, headless, no network) opens it and we look at what a person would see.
// Without chromium this file skips locally and fails under CI=true, where .ci/run installs it.
jest.setTimeout(120_000);

let db: TestDatabase;
let dataDir: string;
let env: Record<string, string>;
const cli = (...args: string[]) => runCliForTest(args, env);

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-html-'));
  env = { DATABASE_URL: db.url, BROKER: 'simulated', DATA_DIR: dataDir };
  expect((await cli('db:setup')).code).toBe(0);
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  try {
    // A month that goes up, down below its peak and back: [id, symbol, style, entry, stop, qty, exit, pnl, reason, exit date]
    const trades = [
      ['H-1', 'NVDA', 'SWING', '133.80', '124.00', 45, '145.50', '526.50', 'TARGET_HIT', '2025-01-06'],
      ['H-2', 'TSLA', 'TREND', '398.00', '385.00', 10, '384.59', '-134.10', 'STOPPED_OUT', '2025-01-08'],
      ['H-3', 'AMD', 'SWING', '121.00', '116.00', 40, '116.00', '-200.00', 'STOPPED_OUT', '2025-01-13'],
      ['H-4', 'NVDA', 'TREND', '130.00', '125.00', 20, '138.25', '165.00', 'TARGET_HIT', '2025-01-21'],
      ['H-5', 'MSFT', 'SWING', '414.50', '404.00', 25, '414.10', '-10.00', 'MANUAL_EXIT', '2025-01-29'],
      ['H-6', 'AAPL', 'SWING', '230.00', '225.00', 10, '250.00', '200.00', 'TARGET_HIT', '2025-02-10'], // outside the range
    ];
    for (const t of trades) {
      await sql.query(
        `INSERT INTO trade_journal (trade_id, symbol, trade_style, status, planned_entry, planned_stop_loss, planned_qty, actual_entry, actual_qty, exit_price, actual_pnl, exit_reason, exit_date)
         VALUES ($1, $2, $3, 'CLOSED', $4, $5, $6, $4, $6, $7, $8, $9, $10)`,
        t,
      );
    }
  } finally {
    await sql.end();
  }
});
afterAll(async () => {
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('report --html', () => {
  it('with --json: the report on standard output, the page written, its path in the result', async () => {
    const file = join(dataDir, 'reports', 'january.html'); // the folder does not exist yet
    const run = await cli('report', '--from', '2025-01-01', '--to', '2025-01-31', '--html', file, '--json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = resultOf<TradingReport & { htmlFile: string }>(run);
    expect(result.htmlFile).toBe(file);
    const plain = resultOf<TradingReport>(await cli('report', '--from', '2025-01-01', '--to', '2025-01-31', '--json'));
    expect({ ...result, htmlFile: undefined }).toEqual({ ...plain, htmlFile: undefined });
    expect(await readFile(file, 'utf8')).toContain('<span data-range>2025-01-01 to 2025-01-31</span>');
  });

  it('without --json: the text report, then where the page is', async () => {
    const run = await cli('report', '--from', '2025-01-01', '--to', '2025-01-31', '--html', join(dataDir, 'text.html'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('5 trades, 2 wins, 3 losses, win rate 40.0%, P&L +347.40');
    expect(run.stdout.endsWith(`\nHTML report written to ${join(dataDir, 'text.html')}\n`)).toBe(true);
  });

  it('says where and why when the page cannot be written (exit 1), and refuses an empty name (exit 2)', async () => {
    const aFile = join(dataDir, 'not-a-folder');
    await writeFile(aFile, 'x');
    const blocked = await cli('report', '--html', join(aFile, 'r.html'));
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(
      `report failed: Could not write the HTML report to ${join(aFile, 'r.html')}: a part of that path is a file, not a folder. Choose a file in a folder you can write to.`,
    );
    const folder = await cli('report', '--html', dataDir);
    expect(folder.stderr).toContain(`report failed: Could not write the HTML report to ${dataDir}: that is a folder.`);
    const empty = await cli('report', '--html', '', '--json');
    expect(jsonOf(empty)).toMatchObject({ exitCode: 2, error: { kind: 'usage', message: '--html needs a file name, e.g. --html report.html.' } });
  });
});

describeInBrowser('the page in a real browser', () => {
  let browser: HeadlessChromium;
  let report: TradingReport;

  beforeAll(async () => {
    const file = join(dataDir, 'browser.html');
    const run = await cli('report', '--from', '2025-01-01', '--to', '2025-01-31', '--html', file, '--json');
    report = resultOf<TradingReport>(run);
    browser = await openInChromium(file);
  });
  afterAll(() => browser?.close());

  it('asks for nothing on the network', () => {
    expect(browser.blocked).toEqual([]);
  });

  it('shows the totals `report --json` gives', async () => {
    const page = browser.page;
    const shown = async (name: string) => (await page.locator(`[data-total="${name}"]`).innerText()).trim();
    const t = report.totals;
    expect(t.trades).toBe(5);
    expect({
      trades: await shown('trades'),
      wins: await shown('wins'),
      losses: await shown('losses'),
      winRate: await shown('winRatePercent'),
      pnl: await shown('realizedPnl'),
      averageR: await shown('averageR'),
    }).toEqual({
      trades: String(t.trades),
      wins: String(t.wins),
      losses: String(t.losses),
      winRate: `${t.winRatePercent}%`,
      pnl: signed(t.realizedPnl),
      averageR: signed(t.averageR),
    });
    expect(await page.title()).toBe('Realized performance, 2025-01-01 to 2025-01-31');
    // -134.10 then -200.00 from the first peak (+526.50): the deepest drawdown is -334.10.
    expect((await page.locator('[data-total="maxDrawdown"]').innerText()).trim()).toBe('-334.10');
  });

  it('draws the equity curve: a visible line through the start and every exit, ending where the total is', async () => {
    const chart = browser.page.locator('svg.chart-equity');
    const line = chart.locator('path.line');
    await expect(line.isVisible()).resolves.toBe(true);
    const box = await line.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(50);
    const d = (await line.getAttribute('d')) ?? '';
    expect(d.match(/[ML]/g)).toHaveLength(report.trades.length + 1);

    const points = chart.locator('circle.point');
    expect(await points.count()).toBe(report.trades.length + 1);
    const centreY = async (i: number) => {
      const b = await points.nth(i).boundingBox();
      return (b?.y ?? NaN) + (b?.height ?? NaN) / 2;
    };
    const ys = await Promise.all(report.trades.map((_, i) => centreY(i + 1)));
    const start = await centreY(0);
    // Screen y grows downwards: +526.50 is above the start, -134.10 and -200.00 go down, +165.00 up, -10.00 down.
    expect(ys[0]).toBeLessThan(start);
    expect(ys[1]).toBeGreaterThan(ys[0]);
    expect(ys[2]).toBeGreaterThan(ys[1]);
    expect(ys[3]).toBeLessThan(ys[2]);
    expect(ys[4]).toBeGreaterThan(ys[3]);
    expect(ys[4]).toBeLessThan(start); // still +347.40 overall
  });

  it('draws the drawdown and lists every trade of the range, oldest exit first', async () => {
    const page = browser.page;
    const drawdown = page.locator('svg.chart-drawdown path.line');
    expect(((await drawdown.boundingBox())?.height ?? 0) > 10).toBe(true);
    expect((await page.locator('[data-max-drawdown]').innerText()).trim()).toBe('-334.10');
    const rows = page.locator('section:has(h2:text-is("Trades")) tbody tr');
    expect(await rows.count()).toBe(report.trades.length);
    const firstRow = (await rows.first().locator('td').allInnerTexts()).map((text) => text.trim());
    const [trade] = report.trades;
    expect(firstRow).toEqual([
      '1',
      trade.exitDate,
      trade.symbol,
      trade.strategy,
      trade.exitReason,
      String(trade.qty),
      trade.entryPrice,
      trade.exitPrice,
      signed(trade.pnl),
      signed(trade.r),
      signed(trade.pnl),
    ]);
    expect(await page.locator('section:has(h2:text-is("By symbol")) tbody tr').allInnerTexts()).toHaveLength(report.bySymbol.length);
  });
});
