import { Money, Price } from '@trading-monitor/domain';
import { performanceBy, performanceOf, rMultipleText, type ClosedTradeFacts } from './performance';

const trade = (symbol: string, strategy: string, pnl: string, entry = '100.00', stop = '95.00', qty = 10): ClosedTradeFacts => ({
  symbol,
  strategy,
  pnl: Money.of(pnl),
  plannedEntry: Price.of(entry),
  plannedStop: Price.of(stop),
  plannedQty: qty,
});

describe('performanceOf', () => {
  it('counts wins and losses, sums P&L exactly and averages R (risk 50.00 a trade here)', () => {
    expect(performanceOf('ALL', [trade('A', 'SWING', '100.10'), trade('B', 'TREND', '-50.00'), trade('A', 'SWING', '0.20')])).toEqual({
      key: 'ALL',
      trades: 3,
      wins: 2,
      losses: 1,
      winRatePercent: '66.7',
      realizedPnl: '50.30', // 100.10 − 50.00 + 0.20, no float drift
      averageR: '0.34', // (2.002 − 1 + 0.004) / 3 = 0.3353…
    });
  });

  it('treats a zero P&L as neither win nor loss, and answers null where there is nothing to divide', () => {
    expect(performanceOf('X', [trade('A', 'SWING', '0.00')])).toMatchObject({ trades: 1, wins: 0, losses: 0, winRatePercent: '0.0', averageR: '0.00' });
    expect(performanceOf('NONE', [])).toEqual({ key: 'NONE', trades: 0, wins: 0, losses: 0, winRatePercent: null, realizedPnl: '0.00', averageR: null });
  });

  it('leaves a trade whose plan risked nothing out of the average R', () => {
    const riskless = trade('A', 'SWING', '10.00', '100.00', '100.00');
    expect(rMultipleText(riskless)).toBeNull();
    expect(performanceOf('ALL', [riskless, trade('B', 'SWING', '-25.00')])).toMatchObject({ trades: 2, averageR: '-0.50', realizedPnl: '-15.00' });
  });

  it('rounds R half to even at the edge only', () => {
    expect(rMultipleText(trade('A', 'SWING', '0.625', '100', '99', 1))).toBe('0.62');
    expect(rMultipleText(trade('A', 'SWING', '-441.00', '133.80', '124.00', 45))).toBe('-1.00');
  });
});

describe('performanceBy', () => {
  it('groups by the key, sorted', () => {
    const lines = performanceBy([trade('TSLA', 'TREND', '-1'), trade('AAPL', 'SWING', '2'), trade('TSLA', 'TREND', '3')], (t) => t.symbol);
    expect(lines.map((l) => [l.key, l.trades, l.realizedPnl])).toEqual([
      ['AAPL', 1, '2.00'],
      ['TSLA', 2, '2.00'],
    ]);
  });
});
