import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newTradeDecision } from '@trading-monitor/workflows/testing';
import { Client } from 'pg';
import { jsonOf, resultOf, runCliForTest } from './testing/run-cli';

// Every command's happy path, in the order an operator meets them, on one test database and one
// simulated account (its state file in DATA_DIR carries the broker's orders from command to command).
let db: TestDatabase;
let sql: Client;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-'));
  env = { DATABASE_URL: db.url, BROKER: 'simulated', DATA_DIR: dataDir };
  sql = new Client({ connectionString: db.url });
  await sql.connect();
});
afterAll(async () => {
  await sql.end();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCliForTest(args, env);

async function approve(id: string, ticker: string, decision: unknown): Promise<void> {
  await sql.query(`INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve", "Date_time") VALUES ($1, $2, $3, true, now())`, [
    id,
    ticker,
    JSON.stringify(decision),
  ]);
}

describe('db:setup', () => {
  it('creates the tables, then has nothing to do', async () => {
    const first = await cli('db:setup');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Decisions table: public\.analysis_decision\.\nCreated \d+:\n/);
    expect(first.stdout).toContain('table trade_journal');
    expect(first.stdout).toContain('agenda_jobs');

    const again = await cli('db:setup', '--json');
    expect(again.code).toBe(0);
    expect(jsonOf(again)).toEqual({
      command: 'db:setup',
      ok: true,
      exitCode: 0,
      result: { created: [], skipped: [], decisionTable: 'public.analysis_decision' },
    });
    expect((await cli('db:setup')).stdout).toBe('Decisions table: public.analysis_decision.\nNothing to do: every table, column and index is already there.\n');
  });
});

describe('health', () => {
  it('finds the database, the simulated broker and the job store healthy', async () => {
    const human = await cli('health');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/database\s+ok\s+PostgreSQL [\d.]+ at 127\.0\.0\.1:\d+\/tm_test_\w+, set up/);
    expect(human.stdout).toContain('Healthy.');

    const json = jsonOf<{ healthy: boolean; checks: { component: string; ok: boolean; detail: string }[] }>(await cli('health', '--json'));
    expect(json.result).toEqual({
      healthy: true,
      degraded: false,
      checks: [
        { component: 'database', ok: true, detail: expect.any(String) },
        { component: 'broker', ok: true, detail: expect.stringMatching(/^simulated broker \(offline\) answers; market (open|closed)/) },
        { component: 'job store', ok: true, detail: 'table agenda_jobs in the trading database answers; 0 jobs due' },
        { component: 'scheduler', ok: true, detail: expect.stringMatching(/^no scheduler has run against this job store yet/) },
        { component: 'order events', ok: true, degraded: false, detail: expect.stringMatching(/^no trade_updates stream running/) },
      ],
      decisionTable: 'public.analysis_decision',
    });
  });
});

describe('execute, status, monitor-orders, monitor-positions, reconcile', () => {
  it('execute places the entry of an approved decision and refuses a malformed one with its reason', async () => {
    expect((await cli('execute')).stdout).toBe('No approved decisions were waiting.\n');
    await approve('CLI-1', 'NVDA:NASDAQ', newTradeDecision('NVDA'));
    await approve('CLI-2', 'AMD', newTradeDecision('AMD', { qty: -5 }));

    const result = await cli('execute', '--json');
    expect(result.code).toBe(0);
    const summary = resultOf<{ counts: Record<string, number>; decisions: { analysisId: string; outcome: string; message: string }[] }>(result);
    expect(summary.counts).toMatchObject({ placed: 1, refused: 1, failed: 0 });
    expect(summary.decisions).toEqual([
      expect.objectContaining({ analysisId: 'CLI-1', outcome: 'placed', symbol: 'NVDA' }),
      expect.objectContaining({ analysisId: 'CLI-2', outcome: 'refused', message: expect.stringContaining('qty') }),
    ]);
  });

  it('status shows the open trade and its working entry as tables, and as JSON', async () => {
    const human = await cli('status');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Trading: active.');
    expect(human.stdout).toMatch(/Open trades \(1\)\n\s+SYMBOL\s+STRATEGY\s+STATUS.*\n\s+NVDA\s+SWING\s+ORDERED\s+45\s+0\s+133\.80\s+124\.00\s+145\.50/);
    expect(human.stdout).toMatch(/Working orders \(1\)\n.*\n\s+NVDA\s+ENTRY\s+buy\s+45\s+0\s+133\.80\s+day\s+pending/);
    expect(human.stdout).toContain('Positions (0)');

    const json = jsonOf<Record<string, unknown>>(await cli('status', '--json'));
    expect(json).toMatchObject({ command: 'status', ok: true, exitCode: 0 });
    expect(json.result).toMatchObject({
      halt: { halted: false, reason: null, since: null },
      pendingDecisions: 0,
      openTrades: [
        expect.objectContaining({ symbol: 'NVDA', status: 'ORDERED', plannedQty: 45, plannedEntry: '133.80', stopLoss: '124.00', takeProfit: '145.50' }),
      ],
      workingOrders: [expect.objectContaining({ symbol: 'NVDA', role: 'ENTRY', side: 'buy', qty: 45, limitPrice: '133.80', status: 'pending' })],
      positions: [],
      unrealizedPnl: '0.00',
    });
  });

  it('monitor-orders checks the working order against the broker', async () => {
    const human = await cli('monitor-orders');
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toBe('Checked 1 working order: 0 updated, 0 entries filled, 0 protected, 0 closed, 0 cancelled.\n');
    expect(jsonOf(await cli('monitor-orders', '--json')).result).toEqual({
      adopted: [],
      checked: 1,
      updated: 0,
      filled: 0,
      protected: 0,
      closed: [],
      cancelled: [],
      alarms: [],
      failed: [],
    });
  });

  it('monitor-positions has nothing to mark', async () => {
    expect(await cli('monitor-positions')).toMatchObject({ code: 0, stdout: '0 open positions: 0 marked to market, 0 closed.\n' });
    expect(jsonOf(await cli('monitor-positions', '--json')).result).toMatchObject({ positions: 0, marked: 0, closed: [], failed: [] });
  });

  it('reconcile finds journal and broker in agreement (exit 0)', async () => {
    expect(await cli('reconcile')).toMatchObject({ code: 0, stdout: 'Journal and broker agree.\n' });
    expect(jsonOf(await cli('reconcile', '--json'))).toMatchObject({ ok: true, result: { report: { clean: true } } });
  });

  it('reconcile exits 1 on a position only the journal holds, and --fix closes it and checks again', async () => {
    // A position the journal holds (entry filled, 10 shares) that someone closed at the broker by hand.
    const {
      rows: [trade],
    } = await sql.query(
      `INSERT INTO trade_journal (trade_id, symbol, trade_style, status, planned_entry, planned_stop_loss, planned_qty, actual_entry, actual_qty, created_at)
       VALUES ('ZZZ-ghost', 'ZZZ', 'TREND', 'POSITION', 10.00, 9.00, 10, 10.00, 10, now()) RETURNING id`,
    );
    const {
      rows: [entry],
    } = await sql.query(
      `INSERT INTO order_execution (trade_journal_id, alpaca_order_id, order_type, side, order_status, time_in_force, qty, limit_price, filled_qty, filled_avg_price, filled_at, created_at)
       VALUES ($1, 'ghost-entry', 'ENTRY', 'buy', 'filled', 'day', 10, 10.00, 10, 10.00, now(), now()) RETURNING id`,
      [trade.id],
    );
    await sql.query(`INSERT INTO order_fill (order_execution_id, alpaca_order_id, filled_qty, filled_avg_price) VALUES ($1, 'ghost-entry', 10, 10.00)`, [
      entry.id,
    ]);
    await sql.query(
      `INSERT INTO position_tracking (trade_journal_id, symbol, qty, avg_entry_price, current_price, market_value, cost_basis) VALUES ($1, 'ZZZ', 10, 10.00, 10.50, 105.00, 100.00)`,
      [trade.id],
    );
    const found = await cli('reconcile');
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/Positions only in the journal:\n\s+SYMBOL\s+QTY\s+TRADE\n\s+ZZZ\s+10\s+ZZZ-ghost/);
    expect(found.stdout).toContain('Run `reconcile --fix`');

    const fixed = await cli('reconcile', '--fix', '--json');
    const document = jsonOf<{ report: { clean: boolean; fixed: unknown }; afterFix: { clean: boolean } }>(fixed);
    expect(document.result?.report).toMatchObject({ clean: false, fixed: expect.any(Object) });
    // The order monitor runs first and finds the position gone while checking its lost stop; either run may close it.
    const repair = document.result?.report.fixed as { orders: { closed: unknown[] }; positions: { closed: unknown[] } };
    expect([...repair.orders.closed, ...repair.positions.closed]).toEqual([
      expect.objectContaining({ symbol: 'ZZZ', reason: 'MANUAL_EXIT', exitPrice: '10.50', pnl: '5.00' }),
    ]);
    expect(document.result?.afterFix?.clean).toBe(true);
    expect(document).toMatchObject({ ok: true, exitCode: 0 });
    expect(fixed.code).toBe(0);
  });
});

describe('halt and resume', () => {
  it('halt stops new entries until resume; status shows it', async () => {
    const halted = await cli('halt', '--reason', 'earnings week');
    expect(halted.code).toBe(0);
    expect(halted.stdout).toContain('Trading HALTED (earnings week)');
    expect((await cli('status')).stdout).toMatch(/Trading: HALTED since .* \(earnings week\)/);
    expect(jsonOf(await cli('status', '--json')).result).toMatchObject({ halt: { halted: true, reason: 'earnings week', since: expect.any(String) } });

    expect(await cli('resume')).toMatchObject({ code: 0, stdout: 'Trading resumed: the next execute run places entries again.\n' });
    expect(jsonOf(await cli('resume', '--json')).result).toMatchObject({ halted: false });
  });

  it('halt --flatten cancels the working entry', async () => {
    const result = jsonOf<{ state: { halted: boolean }; flatten: { cancelledEntries: string[]; closing: string[]; failed: string[] } }>(
      await cli('halt', '--flatten', '--json'),
    );
    expect(result).toMatchObject({ command: 'halt', ok: true, exitCode: 0 });
    expect(result.result).toMatchObject({
      state: { halted: true, reason: 'halted by an operator from the CLI' },
      flatten: { cancelledEntries: ['NVDA'], closing: [], failed: [] },
    });
    expect(jsonOf(await cli('status', '--json')).result).toMatchObject({ openTrades: [], workingOrders: [] });
    await cli('resume');
  });
});

describe('report', () => {
  it('sums realized P&L, win rate and average R over the exit dates asked for', async () => {
    const trade = (
      id: string,
      symbol: string,
      style: string,
      entry: string,
      stop: string,
      qty: number,
      exit: string,
      pnl: string,
      reason: string,
      day: string,
    ) =>
      sql.query(
        `INSERT INTO trade_journal (trade_id, symbol, trade_style, status, planned_entry, planned_stop_loss, planned_qty, actual_entry, actual_qty, exit_price, actual_pnl, exit_reason, exit_date)
         VALUES ($1, $2, $3, 'CLOSED', $4, $5, $6, $4, $6, $7, $8, $9, $10)`,
        [id, symbol, style, entry, stop, qty, exit, pnl, reason, day],
      );
    await trade('R-1', 'NVDA', 'SWING', '133.80', '124.00', 45, '145.50', '526.50', 'TARGET_HIT', '2025-01-14');
    await trade('R-2', 'TSLA', 'TREND', '398.00', '385.00', 10, '384.59', '-134.10', 'STOPPED_OUT', '2025-01-15');
    await trade('R-3', 'NVDA', 'SWING', '130.00', '125.00', 10, '127.00', '-30.00', 'MANUAL_EXIT', '2025-02-20');

    const human = await cli('report', '--from', '2025-01-01', '--to', '2025-01-31');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Realized performance, 2025-01-01 to 2025-01-31 (exit dates, New York)');
    expect(human.stdout).toContain('2 trades, 1 win, 1 loss, win rate 50.0%, P&L +392.40, average R +0.08');
    expect(human.stdout).toMatch(/SWING\s+1\s+1\s+0\s+100\.0%\s+\+526\.50\s+\+1\.19/);
    expect(human.stdout).toMatch(/2025-01-15\s+TSLA\s+TREND\s+STOPPED_OUT\s+10\s+398\.00\s+384\.59\s+-134\.10\s+-1\.03/);

    const json = jsonOf<Record<string, unknown>>(await cli('report', '--from', '2025-01-01', '--to', '2025-12-31', '--json'));
    expect(json.result).toMatchObject({
      from: '2025-01-01',
      to: '2025-12-31',
      totals: { key: 'ALL', trades: 3, wins: 1, losses: 2, winRatePercent: '33.3', realizedPnl: '362.40', averageR: '-0.15' },
      bySymbol: [
        { key: 'NVDA', trades: 2, wins: 1, losses: 1, winRatePercent: '50.0', realizedPnl: '496.50', averageR: '0.30' },
        { key: 'TSLA', trades: 1, wins: 0, losses: 1, winRatePercent: '0.0', realizedPnl: '-134.10', averageR: '-1.03' },
      ],
      byStrategy: [expect.objectContaining({ key: 'SWING', trades: 2 }), expect.objectContaining({ key: 'TREND', trades: 1 })],
      trades: [
        expect.objectContaining({ tradeId: 'R-1', pnl: '526.50', r: '1.19' }),
        expect.objectContaining({ tradeId: 'R-2' }),
        expect.objectContaining({ tradeId: 'R-3', r: '-0.60' }),
      ],
    });
  });

  it('defaults to the last 30 days (today: the ZZZ position reconcile closed) and says when nothing closed', async () => {
    const recent = await cli('report');
    expect(recent.code).toBe(0);
    expect(recent.stdout).toMatch(
      /^Realized performance, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(exit dates, New York\)\n {2}1 trade, 1 win, 0 losses, win rate 100\.0%, P&L \+5\.00, average R \+0\.50\n/,
    );
    expect(recent.stdout).toMatch(/ZZZ\s+TREND\s+MANUAL_EXIT\s+10\s+10\.00\s+10\.50\s+\+5\.00\s+\+0\.50/);
    expect((await cli('report', '--from', '2024-01-01', '--to', '2024-01-31')).stdout).toBe(
      'Realized performance, 2024-01-01 to 2024-01-31 (exit dates, New York)\n  No trade closed in this period.\n',
    );
  });
});
