import { sessionOn } from '@trading-monitor/broker';
import type { BarRequest, BarSet, BarSource, DayBars } from './day-bars';

const MINUTE = 60_000;

/**
 * Offline bars for the embedded default: a seeded random walk per symbol, in whole cents, one bar a
 * minute through each regular session. The same symbol, days and starting price give the same bars
 * on every machine, so a replay without credentials is demonstrable and repeatable. Each symbol
 * starts at its first planned entry (the request's anchor) so that decisions meet prices. These are
 * not market data and say nothing about how a decision would really have done.
 */
export class SeededBars implements BarSource {
  readonly description = 'offline seeded bars (a random walk per symbol, not market data)';

  constructor(private readonly seed = 1) {}

  async load(request: BarRequest): Promise<BarSet> {
    const bars = new Map<string, Map<string, DayBars>>();
    for (const symbol of request.symbols) {
      const anchor = Number(request.anchors.get(symbol) ?? '100');
      bars.set(symbol, walk(symbol, request.days, Math.max(1, Math.round(anchor * 100)), this.seed));
    }
    return (symbol, day) => bars.get(symbol)?.get(day);
  }
}

/** A symbol's bars over the days: opens gap from the last close, moves of up to ~0.1 % a minute. */
function walk(symbol: string, days: readonly string[], startCents: number, seed: number): Map<string, DayBars> {
  const random = mulberry32(hashOf(`${symbol}:${seed}`));
  const byDay = new Map<string, DayBars>();
  let cents = startCents;
  const step = () => Math.max(1, Math.round(cents * 0.001));
  for (const day of days) {
    const session = sessionOn(day);
    if (!session) continue;
    const bars: DayBars = { t: [], o: [], h: [], l: [], c: [] };
    // The overnight gap: up to ±1 %.
    cents = Math.max(1, cents + Math.round((random() * 2 - 1) * cents * 0.01));
    for (let t = session.open.getTime(); t < session.close.getTime(); t += MINUTE) {
      const open = cents;
      const close = Math.max(1, open + Math.round((random() * 2 - 1) * step()));
      const high = Math.max(open, close) + Math.round(random() * step());
      const low = Math.max(1, Math.min(open, close) - Math.round(random() * step()));
      bars.t.push(t);
      bars.o.push(open / 100);
      bars.h.push(high / 100);
      bars.l.push(low / 100);
      bars.c.push(close / 100);
      cents = close;
    }
    byDay.set(day, bars);
  }
  return byDay;
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** A small seeded generator (mulberry32): deterministic, fast, good enough for made-up prices. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
