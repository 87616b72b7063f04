import { sessionOn } from '@trading-monitor/broker';

/**
 * One symbol's 1-minute bars of one regular session, oldest first, as plain numbers: the replay
 * screens half a million of them by comparison alone and turns a bar into exact prices only when
 * a working order could fill in it. `t` is each bar's start, epoch milliseconds.
 */
export interface DayBars {
  t: number[];
  o: number[];
  h: number[];
  l: number[];
  c: number[];
}

/** Bars by symbol and New York date; undefined when there were none (a halt, no data). */
export type BarSet = (symbol: string, day: string) => DayBars | undefined;

/** Where bars come from: the offline generator or Alpaca's market data (cached). */
export interface BarSource {
  /** What the output says of the bars, e.g. "Alpaca iex 1-minute bars, split-adjusted (cached in …)". */
  readonly description: string;
  load(request: BarRequest): Promise<BarSet>;
}

export interface BarRequest {
  symbols: readonly string[];
  /** Market days, YYYY-MM-DD, oldest first. */
  days: readonly string[];
  /**
   * A price near which each symbol trades (its first planned entry): the offline generator starts
   * there so that decisions meet prices; market data ignores it.
   */
  anchors: ReadonlyMap<string, string>;
  onProgress?: (message: string) => void;
}

export const EMPTY_DAY: DayBars = { t: [], o: [], h: [], l: [], c: [] };

/** Keeps the bars of the day's regular session only: nothing fills outside regular trading hours. */
export function regularSessionOnly(day: string, bars: DayBars): DayBars {
  const session = sessionOn(day);
  if (!session) return EMPTY_DAY;
  const open = session.open.getTime();
  const close = session.close.getTime();
  const kept: DayBars = { t: [], o: [], h: [], l: [], c: [] };
  for (let i = 0; i < bars.t.length; i++) {
    if (bars.t[i] < open || bars.t[i] >= close) continue;
    kept.t.push(bars.t[i]);
    kept.o.push(bars.o[i]);
    kept.h.push(bars.h[i]);
    kept.l.push(bars.l[i]);
    kept.c.push(bars.c[i]);
  }
  return kept;
}

export function barCount(set: BarSet, symbols: readonly string[], days: readonly string[]): number {
  let count = 0;
  for (const symbol of symbols) for (const day of days) count += set(symbol, day)?.t.length ?? 0;
  return count;
}
