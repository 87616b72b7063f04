import { createWorkflowFixture, type WorkflowFixture } from '@trading-monitor/workflows/testing';
import { DEMO_START, playDemoDay, type DemoResult, type DemoStep } from './play-demo-day';

// The demo's day on the test database: every scripted trade meets its scripted fate, to the cent.
let f: WorkflowFixture;
let result: DemoResult;
const streamed: DemoStep[] = [];

beforeAll(async () => {
  f = await createWorkflowFixture(DEMO_START.toISOString());
  result = await playDemoDay({ ...f.deps, sim: f.sim, clock: f.clock }, (step) => streamed.push(step));
});
afterAll(() => f.close());

const trade = (symbol: string, status?: string) => result.trades.find((t) => t.symbol === symbol && (!status || t.status === status));
const lines = () => result.steps.map((s) => `${s.time} ${s.actor} ${s.symbol ?? ''} ${s.text}`);

describe('the demo day', () => {
  it('takes the SWING to its target and the TREND to its stop', () => {
    expect(trade('NVDA')).toMatchObject({
      strategy: 'SWING',
      status: 'CLOSED',
      exitReason: 'TARGET_HIT',
      qty: 45,
      entryPrice: '133.80',
      exitPrice: '145.50',
      pnl: '526.50',
      r: '1.19',
    });
    expect(trade('TSLA')).toMatchObject({
      strategy: 'TREND',
      status: 'CLOSED',
      exitReason: 'STOPPED_OUT',
      qty: 10,
      entryPrice: '398.00',
      exitPrice: '384.59',
      pnl: '-134.10',
      r: '-1.03',
    });
  });

  it('cancels AAPL, amends MSFT into a new entry that fills and is held overnight, refuses the malformed AMD', () => {
    expect(trade('AAPL')).toMatchObject({ status: 'CANCELLED', exitReason: 'CANCELLED', qty: null });
    expect(trade('MSFT', 'CANCELLED')).toMatchObject({ exitReason: 'AMENDED' });
    expect(trade('MSFT', 'POSITION')).toMatchObject({ qty: 25, entryPrice: '414.50' });
    expect(trade('AMD')).toBeUndefined();
    const outcomes = Object.fromEntries(result.decisions.map((d) => [d.analysisId, d.outcome]));
    expect(outcomes).toEqual({
      'demo-nvda-swing': 'placed',
      'demo-tsla-trend': 'placed',
      'demo-aapl-swing': 'placed',
      'demo-msft-swing': 'placed',
      'demo-amd-malformed': 'refused',
      'demo-aapl-cancel': 'cancelled',
      'demo-msft-amend': 'amended',
    });
    expect(result.decisions.find((d) => d.outcome === 'refused')?.message).toMatch(/stop_price 125\.00 must be below/);
    expect(result.openPositions).toEqual([expect.objectContaining({ symbol: 'MSFT', qty: 25, currentPrice: '417.30', unrealizedPnl: '70.00' })]);
  });

  it('ends with a report whose totals add up', () => {
    expect(result.report).toMatchObject({ from: '2025-01-14', to: '2025-01-14' });
    expect(result.report.totals).toEqual({ key: 'ALL', trades: 2, wins: 1, losses: 1, winRatePercent: '50.0', realizedPnl: '392.40', averageR: '0.08' });
    expect(result.report.bySymbol.map((p) => [p.key, p.realizedPnl])).toEqual([
      ['NVDA', '526.50'],
      ['TSLA', '-134.10'],
    ]);
    expect(result.report.byStrategy.map((p) => [p.key, p.averageR])).toEqual([
      ['SWING', '1.19'],
      ['TREND', '-1.03'],
    ]);
  });

  it('tells the day as it happens, one line per change, in time order; the trade_updates stream protects each fill seconds after it', () => {
    expect(streamed).toEqual(result.steps);
    const times = result.steps.map((s) => s.time);
    expect([...times].sort()).toEqual(times);
    expect(lines()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^09:50 trade-updates NVDA entry filled 45 @ 133\.80 → protected by OCO stop 124\.00 \/ take-profit 145\.50 \(gtc\), \d+\.\d\d s after the fill$/,
        ),
        expect.stringMatching(/^10:05 trade-updates TSLA entry filled 10 @ 398\.00 → protected by stop 385\.00 \(gtc\), \d+\.\d\d s after the fill$/),
        expect.stringMatching(/^11:30 execute-decisions AAPL entry cancelled/),
        expect.stringMatching(/^11:30 execute-decisions MSFT .*AMENDED/),
        expect.stringMatching(
          /^12:45 trade-updates MSFT entry filled 25 @ 414\.50 → protected by OCO stop 405\.00 \/ take-profit 434\.00 \(gtc\), \d+\.\d\d s after the fill$/,
        ),
        expect.stringMatching(/^13:35 trade-updates TSLA stop triggered, sold 10 @ 384\.59 → CLOSED STOPPED_OUT, P&L -134\.10 \(-1\.03R\)$/),
        expect.stringMatching(/^14:20 trade-updates NVDA take-profit filled, sold 45 @ 145\.50 → CLOSED TARGET_HIT, P&L \+526\.50 \(\+1\.19R\)$/),
        expect.stringMatching(/^18:15 monitor-positions {2}marked to market: MSFT 25 @ 417\.30 \(\+70\.00\)$/),
      ]),
    );
    // The stream acted on every fill within seconds: the 5-minute order monitor ran and found nothing left to do.
    expect(lines().filter((line) => / monitor-orders /.test(line))).toEqual([]);
    const delays = lines()
      .flatMap((line) => /, (\d+\.\d\d) s after the fill$/.exec(line)?.[1] ?? [])
      .map(Number);
    expect(delays).toHaveLength(3);
    expect(Math.max(...delays)).toBeLessThan(5);
    expect(result.runs).toEqual({ 'execute-decisions': 2, 'monitor-orders': 80, 'monitor-positions': 41 });
  });
});
