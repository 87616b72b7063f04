import { sessionOn } from '@trading-monitor/broker';
import { DEFAULT_BOTH_IN_ONE_BAR, type BothInOneBar } from '@trading-monitor/domain';
import type { DataSource } from '@trading-monitor/persistence';
import { DateTime } from 'luxon';
import { barCount, type BarSet, type BarSource } from './bars/day-bars';
import { replayDays, type DayProgress, type ReplayDaysResult, type ReplayDeps } from './replay-days';
import { replayBook, type ReplayBook } from './replay-result';
import { sampleDecisions, SAMPLE_SYMBOLS } from './sample-decisions';
import { readSourceBook, type DecisionSelection, type SourceBook } from './source-decisions';

export interface ReplayRequest {
  /** First and last day, YYYY-MM-DD (New York). */
  from: string;
  to: string;
  /** `approved` (default): the decisions a person approved; `all`: every decision, as if approved. */
  selection?: DecisionSelection;
  /** Only these symbols. */
  symbols?: readonly string[];
  bothInOneBar?: BothInOneBar;
  bars: BarSource;
  /** Play made-up decisions (sample-decisions.ts) instead of the journal's: the journal is not read at all. */
  sample?: boolean;
  onDay?: (progress: DayProgress) => void;
  onProgress?: (message: string) => void;
}

/** Everything a replay found, for the CLI's text, JSON and HTML. */
export interface ReplayResult extends ReplayBook {
  from: string;
  to: string;
  selection: DecisionSelection;
  /** The decisions were made-up samples, not the journal's. */
  sample: boolean;
  /** Market days replayed. */
  days: number;
  barsSource: string;
  bars: number;
  barsPlayed: number;
  fills: number;
  jobRuns: ReplayDaysResult['jobRuns'];
  bothInOneBar: BothInOneBar;
  /** The fill model, in sentences: the output says what was assumed. */
  fillModel: string[];
  notes: string[];
  /** Wall-clock seconds the replay took. */
  seconds: number;
}

export class InvalidReplayRange extends Error {
  override readonly name = 'InvalidReplayRange';
}

/** What the replay assumes, as the output states it (see docs/replay.md). */
export function fillModelOf(bothInOneBar: BothInOneBar): string[] {
  return [
    'execute runs at 09:45 New York on each decision’s day; monitor-orders right after an entry fills (as the trade_updates stream would) and at its scheduled times when an order ended or a cancel is pending; monitor-positions every evening',
    'a buy limit fills when a bar trades at or below it: at the limit, or at the open when the bar opens below it (a gap)',
    'a stop triggers when a bar trades at or through it: at the stop, or at the open on a gap; a take-profit fills when a bar reaches it',
    bothInOneBar === 'stop'
      ? 'a bar that reaches both the stop and the take-profit fills the stop (pessimistic; --both-in-one-bar target chooses the other)'
      : 'a bar that reaches both the stop and the take-profit fills the take-profit (chosen with --both-in-one-bar target; the default is the stop)',
    'day orders expire at the close; nothing fills outside regular trading hours',
    'partial fills are not modelled: every fill is the whole order; buying power is not limited',
  ];
}

/**
 * Replays the range: reads the decisions and their real trades from `journal` (read-only), loads the
 * bars, plays the days on `scratch` (a database of its own and a simulated market), and reads back
 * the book. `journal` and `scratch.dataSource` must be different databases.
 */
export async function replayRange(journal: DataSource, scratch: ReplayDeps, request: ReplayRequest): Promise<ReplayResult> {
  const started = performance.now();
  const days = marketDaysBetween(request.from, request.to);
  const selection = request.selection ?? 'approved';
  const bothInOneBar = request.bothInOneBar ?? DEFAULT_BOTH_IN_ONE_BAR;
  const wanted = request.symbols ? request.symbols.map((s) => s.trim().toUpperCase()) : undefined;
  let source: SourceBook;
  let symbols: string[];
  let bars: BarSet;
  if (request.sample) {
    symbols = wanted ?? [...SAMPLE_SYMBOLS.keys()];
    const anchors = new Map(symbols.map((s, i) => [s, SAMPLE_SYMBOLS.get(s) ?? String(50 + 25 * i)]));
    bars = await request.bars.load({ symbols, days, anchors, onProgress: request.onProgress });
    source = { decisions: sampleDecisions(symbols, days, bars), realTrades: new Map() };
  } else {
    source = await readSourceBook(journal, { from: request.from, to: request.to, selection, symbols: wanted ? new Set(wanted) : undefined });
    symbols = [...new Set(source.decisions.map((d) => d.symbol))].sort();
    const anchors = new Map<string, string>();
    for (const decision of source.decisions) if (decision.plannedEntry && !anchors.has(decision.symbol)) anchors.set(decision.symbol, decision.plannedEntry);
    bars = await request.bars.load({ symbols, days, anchors, onProgress: request.onProgress });
  }
  const played = await replayDays(scratch, { days, decisions: source.decisions, bars, bothInOneBar, onDay: request.onDay });
  const book = await replayBook(scratch.dataSource, { from: request.from, to: request.to }, played, source.realTrades);
  return {
    from: request.from,
    to: request.to,
    selection,
    sample: request.sample ?? false,
    days: days.length,
    barsSource: request.bars.description,
    bars: barCount(bars, symbols, days),
    barsPlayed: played.barsPlayed,
    fills: played.fills,
    jobRuns: played.jobRuns,
    bothInOneBar,
    fillModel: fillModelOf(bothInOneBar),
    notes: played.notes,
    ...book,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** The market days from `from` to `to` inclusive; refuses a range that is not one. */
export function marketDaysBetween(from: string, to: string): string[] {
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !start.isValid) throw new InvalidReplayRange(`--from must be a date as YYYY-MM-DD, got "${from}".`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || !end.isValid) throw new InvalidReplayRange(`--to must be a date as YYYY-MM-DD, got "${to}".`);
  if (end < start) throw new InvalidReplayRange(`--from ${from} is after --to ${to}: give the earlier day first.`);
  if (end.diff(start, 'days').days > 400) throw new InvalidReplayRange(`${from} to ${to} is more than 400 days: replay a year or less at a time.`);
  const days: string[] = [];
  for (let day = start; day <= end; day = day.plus({ days: 1 })) {
    const date = day.toISODate() as string;
    if (sessionOn(date)) days.push(date);
  }
  return days;
}
