import type { BarSet } from './bars/day-bars';
import type { SourceDecision } from './source-decisions';

/** The symbols `replay --sample` trades unless --symbols names others, and where their offline bars start. */
export const SAMPLE_SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['AAPL', '230.00'],
  ['AMD', '160.00'],
  ['MSFT', '510.00'],
  ['NVDA', '180.00'],
  ['TSLA', '430.00'],
]);

/**
 * Made-up decisions for `replay --sample`, written from the bars themselves so that they meet prices:
 * every third market day per symbol (staggered), a buy limit 0.3 % under the day's first trade,
 * the stop 2 % under it, a SWING taking profit 4 % over it (one in three a TREND without a target),
 * 10 shares. Not advice, not anyone's analysis: a way to watch the replay work without a journal.
 */
export function sampleDecisions(symbols: readonly string[], days: readonly string[], bars: BarSet): SourceDecision[] {
  const decisions: SourceDecision[] = [];
  for (const [i, day] of days.entries()) {
    for (const [j, symbol] of symbols.entries()) {
      if ((i + j) % 3 !== 0) continue;
      const first = bars(symbol, day)?.o[0];
      if (first === undefined) continue;
      const limit = cents(first * 0.997);
      const stop = cents(limit * 0.98);
      const trend = (i + 2 * j) % 9 === 0;
      const analysisId = `sample-${symbol}-${day}`;
      const decision = {
        symbol,
        analysis_date: day,
        primary_action: 'NEW_TRADE',
        new_trade: {
          strategy: trend ? 'TREND' : 'SWING',
          pattern: 'SAMPLE',
          qty: 10,
          side: 'buy',
          type: 'limit',
          time_in_force: 'day',
          limit_price: limit,
          stop_loss: { stop_price: stop },
          ...(trend ? {} : { take_profit: { limit_price: cents(limit * 1.04) } }),
        },
      };
      decisions.push({
        rowKey: analysisId,
        analysisId,
        ticker: symbol,
        symbol,
        action: 'NEW_TRADE',
        decision,
        tradeType: trend ? 'TREND' : 'SWING',
        date: day,
        dateTime: null,
        approved: true,
        plannedEntry: limit.toFixed(2),
        targetAnalysisId: null,
      });
    }
  }
  return decisions;
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
