import type { DemoRun } from '@trading-monitor/demo';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, resultOf, runCliForTest } from './testing/run-cli';

// The README's first command. It starts its own embedded PostgreSQL (in DATA_DIR) and ignores the
// configured database and broker: here one that does not exist, and a broker setting that is broken.
jest.setTimeout(120_000);

let dataDir: string;
const nowhere = 'postgres://nocodb:pw-never-used@127.0.0.1:1/nocodb';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-demo-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach the folder
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('demo', () => {
  it('plays the day line by line and ends with the report, whatever the configuration', async () => {
    const result = await runCliForTest(['demo'], { DATA_DIR: dataDir, DATABASE_URL: nowhere, BROKER: 'alpaca' });
    expect(result.code).toBe(0);
    // The broken broker setting is named, then set aside: the demo does not use it.
    expect(result.stderr).toContain('ALPACA_API_KEY (or APCA_API_KEY_ID) is required when BROKER=alpaca');
    expect(result.stderr).toContain('The demo does not use that configuration; it runs anyway.');
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '09:45  execute-decisions  AMD    refused, no order placed: Decision not acted on: new_trade.stop_loss.stop_price 125.00 must be below limit_price 121.00 for a buy.',
        // The trade_updates stream protects a fill seconds after it, with the measured delay.
        expect.stringMatching(
          /^09:50 {2}trade-updates {6}NVDA {3}entry filled 45 @ 133\.80 → protected by OCO stop 124\.00 \/ take-profit 145\.50 \(gtc\), \d+\.\d\d s after the fill$/,
        ),
        '13:35  trade-updates      TSLA   stop triggered, sold 10 @ 384.59 → CLOSED STOPPED_OUT, P&L -134.10 (-1.03R)',
        '14:20  trade-updates      NVDA   take-profit filled, sold 45 @ 145.50 → CLOSED TARGET_HIT, P&L +526.50 (+1.19R)',
        '  2 trades, 1 win, 1 loss, win rate 50.0%, P&L +392.40, average R +0.08',
      ]),
    );
    expect(lines.findIndex((l) => l.startsWith('14:20'))).toBeLessThan(lines.findIndex((l) => l.startsWith('Realized performance, 2025-01-14')));
    // It ends by writing the day's report as a web page in DATA_DIR, and says where.
    const page = join(dataDir, 'demo-report.html');
    expect(lines).toContain(`The day's report as a web page (equity curve, drawdown, tables): ${page}`);
    const html = await readFile(page, 'utf8');
    expect(html).toContain('<dd data-total="realizedPnl" class="gain">+392.40</dd>');
    expect(html).toContain('<span data-range>2025-01-14</span>');
  });

  it('--json: the steps, the decisions, the trades and a report that adds up', async () => {
    const result = await runCliForTest(['demo', '--json'], { DATA_DIR: dataDir, DATABASE_URL: nowhere });
    expect(result.code).toBe(0);
    const document = jsonOf<DemoRun>(result);
    expect(document).toMatchObject({ command: 'demo', ok: true, exitCode: 0 });
    const demo = resultOf<DemoRun>(result);
    expect(demo.day).toBe('2025-01-14');
    expect(demo.htmlReport).toBe(join(dataDir, 'demo-report.html'));
    expect(demo.steps.length).toBeGreaterThan(10);
    expect(demo.steps[0]).toEqual({ at: expect.any(String), time: '08:30', actor: 'analysis', text: expect.stringContaining('5 decisions approved') });

    const trade = (symbol: string, status: string) => demo.trades.find((t) => t.symbol === symbol && t.status === status);
    expect(trade('NVDA', 'CLOSED')).toMatchObject({ strategy: 'SWING', exitReason: 'TARGET_HIT', pnl: '526.50' });
    expect(trade('TSLA', 'CLOSED')).toMatchObject({ strategy: 'TREND', exitReason: 'STOPPED_OUT', pnl: '-134.10' });
    expect(trade('AAPL', 'CANCELLED')).toMatchObject({ exitReason: 'CANCELLED', pnl: null });
    expect(trade('MSFT', 'CANCELLED')).toMatchObject({ exitReason: 'AMENDED' });
    expect(trade('MSFT', 'POSITION')).toMatchObject({ qty: 25, entryPrice: '414.50' });
    const outcome = (id: string) => demo.decisions.find((d) => d.analysisId === id);
    expect(outcome('demo-aapl-cancel')).toMatchObject({ outcome: 'cancelled', time: '11:30' });
    expect(outcome('demo-msft-amend')).toMatchObject({ outcome: 'amended', time: '11:30' });
    expect(outcome('demo-amd-malformed')).toMatchObject({
      outcome: 'refused',
      message: expect.stringMatching(/stop_price 125\.00 must be below limit_price 121\.00/),
    });

    const { totals, bySymbol, byStrategy } = demo.report;
    const closed = demo.trades.filter((t) => t.status === 'CLOSED');
    expect(totals).toMatchObject({ trades: closed.length, wins: 1, losses: 1, realizedPnl: '392.40' });
    expect(bySymbol.reduce((n, p) => n + p.trades, 0)).toBe(totals.trades);
    expect(byStrategy.reduce((n, p) => n + p.trades, 0)).toBe(totals.trades);
    // Sums in cents as integers: the report's total is the sum of its trades, exactly.
    const cents = (amount: string) => BigInt(amount.replace('.', ''));
    expect(closed.reduce((sum, t) => sum + cents(t.pnl ?? 'missing'), 0n)).toBe(cents(totals.realizedPnl));
    expect(bySymbol.reduce((sum, p) => sum + cents(p.realizedPnl), 0n)).toBe(cents(totals.realizedPnl));
  });

  it('leaves the configured simulated account alone', () => {
    expect(existsSync(join(dataDir, 'simulated-broker.json'))).toBe(false);
  });
});
