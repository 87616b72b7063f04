import { TradeJournal } from '@trading-monitor/persistence';
import { ScriptedBars } from './bars/scripted-bars';
import type { DayBars } from './bars/day-bars';
import { replayRange, type ReplayResult } from './replay-range';
import type { DayProgress } from './replay-days';
import { decisionFor, openScratch, openTestBook, sessionBars, writeDecision, type OpenDatabase } from './testing/replay-world';

// Generated bars whose outcomes are known to the cent: each symbol one story, all in one replay.
const D1 = '2025-09-02'; // a Tuesday
const D2 = '2025-09-03';

const BARS: Record<string, Record<string, DayBars>> = {
  // Fills at the limit at 10:00 (the bar trades through 100), gaps through the stop overnight: out at the open, 92.
  GAP: { [D1]: sessionBars(D1, 101, { '10:00': [101, 101, 99.5, 100.2] }), [D2]: sessionBars(D2, 92, { '09:30': [92, 92.5, 91.8, 92.2] }) },
  // Opens below the limit (a gap): fills at the open, 99.10; then a bar reaches the target: 110 (+109.00, R 109 / 50 planned = 2.18).
  TGT: { [D1]: sessionBars(D1, 99.1, { '11:00': [108, 110.5, 107.9, 109] }), [D2]: sessionBars(D2, 109) },
  // Fills at 100, then one bar reaches both the stop (95) and the target (110): the stop.
  BOTH: { [D1]: sessionBars(D1, 101, { '10:00': [101, 101, 99.9, 100.5], '13:00': [100.5, 111, 94, 100] }), [D2]: sessionBars(D2, 100) },
  // Never trades at or below 100: the day entry expires at the close.
  EXP: { [D1]: sessionBars(D1, 101, { '12:00': [101, 101.3, 100.01, 101] }), [D2]: sessionBars(D2, 103) },
  // A GTC entry at 90 left working; CANCEL on day 2 before the price gets there (14:00 at 89).
  CXL: { [D1]: sessionBars(D1, 95), [D2]: sessionBars(D2, 95, { '14:00': [95, 95, 89, 89.5] }) },
  // A GTC entry at 90, AMENDed on day 2 to 99: the new entry fills at 99 at 10:30.
  AMND: { [D1]: sessionBars(D1, 101), [D2]: sessionBars(D2, 101, { '10:30': [101, 101, 98.5, 99.2] }) },
};

let journal: OpenDatabase;
const scratches: Array<{ close(): Promise<void> }> = [];

async function replay(
  symbols?: string[],
  bothInOneBar?: 'stop' | 'target',
  onDay?: (p: DayProgress) => void,
): Promise<{ result: ReplayResult; trades: TradeJournal[] }> {
  const scratch = await openScratch(D1);
  scratches.push(scratch);
  const result = await replayRange(journal.dataSource, scratch, { from: D1, to: D2, symbols, bothInOneBar, bars: new ScriptedBars(BARS), onDay });
  const trades = await scratch.dataSource.getRepository(TradeJournal).find({ order: { id: 'ASC' } });
  return { result, trades };
}

beforeAll(async () => {
  journal = await openTestBook();
  const j = journal.dataSource;
  await writeDecision(j, 'gap-1', D1, decisionFor('GAP', D1));
  await writeDecision(j, 'tgt-1', D1, decisionFor('TGT', D1));
  await writeDecision(j, 'both-1', D1, decisionFor('BOTH', D1));
  await writeDecision(j, 'exp-1', D1, decisionFor('EXP', D1));
  await writeDecision(j, 'cxl-1', D1, decisionFor('CXL', D1, { limit_price: 90, stop_loss: { stop_price: 85 }, time_in_force: 'gtc' }));
  await writeDecision(j, 'cxl-2', D2, decisionFor('CXL', D2, {}, 'CANCEL'));
  await writeDecision(j, 'amnd-1', D1, decisionFor('AMND', D1, { limit_price: 90, stop_loss: { stop_price: 85 }, time_in_force: 'gtc' }));
  await writeDecision(j, 'amnd-2', D2, decisionFor('AMND', D2, { limit_price: 99, stop_loss: { stop_price: 94 }, take_profit: { limit_price: 120 } }, 'AMEND'));
  await writeDecision(j, 'skip-1', D1, decisionFor('EXP', D1), { approve: false });
});

afterAll(async () => {
  for (const scratch of scratches) await scratch.close();
  await journal?.close();
});

describe('replay on generated bars', () => {
  let result: ReplayResult;
  let trades: TradeJournal[];
  const days: DayProgress[] = [];
  const trade = (symbol: string, status?: string) => trades.find((t) => t.symbol === symbol && (!status || t.status === status));
  const line = (t: TradeJournal | undefined) =>
    t && {
      status: t.status,
      entry: t.actualEntry?.toString() ?? null,
      exit: t.exitPrice?.toString() ?? null,
      reason: t.exitReason,
      pnl: t.actualPnl?.toCents() ?? null,
    };

  beforeAll(async () => {
    ({ result, trades } = await replay(undefined, undefined, (p) => days.push(p)));
  });

  it('gaps through the stop overnight: out at the open', () => {
    expect(line(trade('GAP'))).toEqual({ status: 'CLOSED', entry: '100.00', exit: '92.00', reason: 'STOPPED_OUT', pnl: '-80.00' });
  });

  it('fills at the open below the limit, then reaches the target', () => {
    expect(line(trade('TGT'))).toEqual({ status: 'CLOSED', entry: '99.10', exit: '110.00', reason: 'TARGET_HIT', pnl: '109.00' });
  });

  it('resolves a bar that reaches both stop and target to the stop', () => {
    expect(line(trade('BOTH'))).toEqual({ status: 'CLOSED', entry: '100.00', exit: '95.00', reason: 'STOPPED_OUT', pnl: '-50.00' });
  });

  it('lets a day entry that never fills expire at the close', () => {
    expect(line(trade('EXP'))).toEqual({ status: 'CANCELLED', entry: null, exit: null, reason: 'EXPIRED', pnl: null });
  });

  it('cancels a working entry on a CANCEL: the later fall to 89 fills nothing', () => {
    expect(trades.filter((t) => t.symbol === 'CXL').map(line)).toEqual([{ status: 'CANCELLED', entry: null, exit: null, reason: 'CANCELLED', pnl: null }]);
  });

  it('replaces a working entry on an AMEND: the new one fills at its own limit', () => {
    expect(line(trade('AMND', 'CANCELLED'))).toMatchObject({ reason: 'AMENDED' });
    expect(line(trade('AMND', 'POSITION'))).toMatchObject({ status: 'POSITION', entry: '99.00' });
  });

  it('reports as `report` does, with one line per decision, and leaves out what was not approved', () => {
    expect(result.report.totals).toMatchObject({ trades: 3, wins: 1, losses: 2, realizedPnl: '-21.00' });
    expect(result.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([
      ['gap-1', 'placed'],
      ['tgt-1', 'placed'],
      ['both-1', 'placed'],
      ['exp-1', 'placed'],
      ['cxl-1', 'placed'],
      ['amnd-1', 'placed'],
      ['cxl-2', 'cancelled'],
      ['amnd-2', 'amended'],
    ]);
    expect(result.decisions.find((d) => d.analysisId === 'tgt-1')?.replayed).toMatchObject({ entryPrice: '99.10', exitReason: 'TARGET_HIT', r: '2.18' });
    expect(result.stillOpen).toBe(1);
    expect(result.fillModel.join(' ')).toMatch(/partial fills are not modelled/);
  });

  it('tells each day as it ends, and plays only the bars that could fill', () => {
    expect(days.map((d) => [d.day, d.index, d.days])).toEqual([
      [D1, 1, 2],
      [D2, 2, 2],
    ]);
    expect(days[1]).toMatchObject({ closedTrades: 3, realizedPnl: '-21.00', openPositions: 1 });
    expect(result.bars).toBe(6 * 2 * 390);
    expect(result.barsPlayed).toBeLessThan(20);
  });

  it('resolves the same bar to the target when told', async () => {
    const other = await replay(['BOTH'], 'target');
    expect(other.trades.map(line)).toEqual([{ status: 'CLOSED', entry: '100.00', exit: '110.00', reason: 'TARGET_HIT', pnl: '100.00' }]);
    expect(other.result.decisions.map((d) => d.analysisId)).toEqual(['both-1']);
  });

  it('never writes the journal: its decisions stay unexecuted and it holds no trade', async () => {
    const rows = await journal.dataSource.query('SELECT count(*)::int AS n FROM analysis_decision WHERE executed IS TRUE OR existing_order_id IS NOT NULL');
    expect(rows[0].n).toBe(0);
    expect(await journal.dataSource.getRepository(TradeJournal).count()).toBe(0);
  });
});
