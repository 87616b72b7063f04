import { MARKET_ZONE, sessionOn, type SimulatedBroker } from '@trading-monitor/broker';
import { DEFAULT_BOTH_IN_ONE_BAR, Money, type BothInOneBar, type ManualClock } from '@trading-monitor/domain';
import { AnalysisDecision, countPendingDecisions, TradeJournal } from '@trading-monitor/persistence';
import { executeDecisions, monitorOrders, monitorPositions, type ExecutedDecision, type JobDeps } from '@trading-monitor/workflows';
import { DateTime } from 'luxon';
import { BarMarket } from './bar-market';
import type { BarSet, DayBars } from './bars/day-bars';
import { replayDayOf, type SourceDecision } from './source-decisions';

/** One day replayed, as the progress line shows it. */
export interface DayProgress {
  day: string;
  /** 1-based position of the day in the range, and the range's length. */
  index: number;
  days: number;
  /** Bars of the day, every symbol; and how many could fill an order and were played against the book. */
  bars: number;
  barsPlayed: number;
  /** Decisions taken by the day's execute run. */
  decisions: number;
  fills: number;
  /** Trades closed so far, and their realized P&L, to the cent. */
  closedTrades: number;
  realizedPnl: string;
  openPositions: number;
}

export interface ReplayDaysInput {
  /** Market days of the range, oldest first. */
  days: readonly string[];
  decisions: readonly SourceDecision[];
  bars: BarSet;
  bothInOneBar?: BothInOneBar;
  onDay?: (progress: DayProgress) => void;
}

/** What happened to each decision in the scratch book: its id there and what execute said. */
export interface ReplayedDecisionRun {
  source: SourceDecision;
  /** The Analysis_Id it carries in the scratch database (its own, unless empty or repeated). */
  scratchId: string;
  /** The day its execute run took it; undefined when the range has no market day for it. */
  day?: string;
  executed?: ExecutedDecision & { at: string };
}

export interface ReplayDaysResult {
  runs: ReplayedDecisionRun[];
  bars: number;
  barsPlayed: number;
  fills: number;
  /** How often each job ran; runs are skipped when nothing at the broker changed since the last (they would find nothing to do). */
  jobRuns: Record<'execute-decisions' | 'monitor-orders' | 'monitor-positions', number>;
  /** Things the reader must know: a possible split, a decision outside the market days. */
  notes: string[];
}

export interface ReplayDeps extends JobDeps {
  /** The simulated market; its clock must be `clock`. */
  sim: SimulatedBroker;
  clock: ManualClock;
}

const MINUTE = 60_000;
// Where in its minute a bar is played: inside it, so a bar of the last minute plays before the close.
const BAR_OFFSET_MS = 59_000;
// The schedule (docs/schedule.md), New York: execute at 09:45; monitor-orders every 5 minutes in
// the session and at 18:00; monitor-positions every 10 minutes in the session and at 18:15. Replay
// runs monitor-positions at 18:15 only: its in-session runs mark prices, which decide nothing, and
// close positions that vanished at the broker, which only a person does (monitor-orders closes the rest).
const EXECUTE_AFTER_OPEN_MINUTES = 15; // 09:45
const ORDERS_EVERY = 5;
const ORDERS_AFTER_HOURS = '18:00';
const POSITIONS_AFTER_HOURS = '18:15';
// An overnight move this large in a held symbol is most likely a split, which raw bars do not adjust.
const SPLIT_SUSPECT_RATIO = 0.4;
const ENDED = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected', 'done_for_day', 'stopped', 'suspended', 'calculated']);

/**
 * Plays the decisions day by day on the scratch database and the simulated market, through the
 * real jobs: each decision is written into the scratch decisions table (approved, unexecuted) on its
 * day, before the 09:45 execute run; the bars of every symbol in play move the market minute by
 * minute (bar-market.ts); after a bar that fills an order, monitor-orders runs at once, as the
 * trade_updates stream would have the entry protected within seconds; monitor-orders also runs at
 * its scheduled times whenever an order ended or a cancel is pending since its last run, and
 * monitor-positions marks every evening (18:15). A bar that cannot fill any working order touches
 * neither broker nor database.
 */
export async function replayDays(deps: ReplayDeps, input: ReplayDaysInput): Promise<ReplayDaysResult> {
  const { sim, clock } = deps;
  const market = new BarMarket(sim, input.bothInOneBar ?? DEFAULT_BOTH_IN_ONE_BAR);
  const result: ReplayDaysResult = {
    runs: [],
    bars: 0,
    barsPlayed: 0,
    fills: 0,
    jobRuns: { 'execute-decisions': 0, 'monitor-orders': 0, 'monitor-positions': 0 },
    notes: [],
  };
  const runs = scratchIdsOf(input.decisions, input.days);
  result.runs = runs;
  for (const run of runs) {
    if (!run.day)
      result.notes.push(
        `${run.source.analysisId || run.source.rowKey} (${run.source.symbol}, ${run.source.date}) has no market day in the range: not replayed.`,
      );
  }
  const byScratchId = new Map(runs.map((run) => [run.scratchId, run]));
  const inPlay = new Set<string>();
  const lastClose = new Map<string, number>();

  // What monitor-orders has to act on: orders that ended (filled, cancelled, expired, replaced) and
  // cancels or replaces still pending. A new working order needs no run; a change to either does.
  let ordersSeen = '';
  const needsAttention = () => {
    sim.process(); // the clock's opens and closes: day orders expire at the close
    let ended = 0;
    const pending: string[] = [];
    for (const [id, mark] of sim.peekOrderMarks()) {
      const status = mark.slice(0, mark.indexOf('|'));
      if (status === 'pending_cancel' || status === 'pending_replace' || status === 'partially_filled') pending.push(`${id}:${mark}`);
      else if (ENDED.has(status)) ended++;
    }
    return `${ended}|${pending.join(',')}`;
  };
  const runOrders = async () => {
    result.jobRuns['monitor-orders']++;
    await monitorOrders(deps);
    market.refresh();
    ordersSeen = needsAttention();
  };
  const runPositions = async () => {
    result.jobRuns['monitor-positions']++;
    await monitorPositions(deps);
    market.refresh();
  };

  for (const [index, day] of input.days.entries()) {
    const session = sessionOn(day);
    if (!session) continue;
    const today = runs.filter((run) => run.day === day);
    for (const run of today) inPlay.add(run.source.symbol);
    const symbols = [...inPlay];
    const dayBars = new Map<string, DayBars>();
    for (const symbol of symbols) {
      const bars = input.bars(symbol, day);
      if (bars && bars.t.length > 0) dayBars.set(symbol, bars);
    }
    const progress = { bars: 0, barsPlayed: 0, decisions: 0, fills: 0 };
    for (const bars of dayBars.values()) progress.bars += bars.t.length;
    const cursor = new Map<string, number>(symbols.map((s) => [s, -1]));
    /** Every symbol in play at its last close before `at` (what a job sees as the last trade). */
    // One cursor per symbol: the last bar played or marked. It only moves forward, and a symbol is
    // marked only when it moved, so a bar played this minute is never overwritten by an older close.
    const markTo = (at: number) => {
      for (const [symbol, bars] of dayBars) {
        const from = cursor.get(symbol) ?? -1;
        let i = from;
        while (i + 1 < bars.t.length && bars.t[i + 1] < at) i++;
        cursor.set(symbol, i);
        if (i > from) market.mark(symbol, bars.c[i]);
      }
    };

    // Before the open, each symbol at its first trade of the day: orders left working overnight meet the open.
    clock.set(new Date(session.open.getTime() - 1000));
    for (const [symbol, bars] of dayBars) {
      const previous = lastClose.get(symbol);
      if (previous !== undefined && Math.abs(bars.o[0] / previous - 1) > SPLIT_SUSPECT_RATIO) {
        result.notes.push(
          `${symbol} opened ${day} at ${bars.o[0]} after closing at ${previous}: a split? Raw bars are not split-adjusted; check any position held across it.`,
        );
      }
      market.mark(symbol, bars.o[0]);
    }
    market.refresh();

    if (today.length > 0) await writeDecisions(deps, today, session.open, byScratchId);
    // As the scheduler: execute runs every market day, here only when a decision waits for it.
    const executeToday = (await countPendingDecisions(deps.dataSource.manager)) > 0;

    const open = session.open.getTime();
    const close = session.close.getTime();
    for (let minute = open; minute <= close; minute += MINUTE) {
      // Every session opens at 09:30 New York: the wall time is the minutes since.
      const sinceOpen = (minute - open) / MINUTE;
      clock.set(new Date(minute));
      if (sinceOpen === EXECUTE_AFTER_OPEN_MINUTES && executeToday) {
        markTo(minute);
        result.jobRuns['execute-decisions']++;
        const summary = await executeDecisions(deps);
        progress.decisions += summary.decisions.length;
        for (const taken of summary.decisions) {
          const run = byScratchId.get(taken.analysisId);
          if (run) run.executed = { ...taken, at: new Date(minute).toISOString() };
        }
        market.refresh();
      }
      if ((30 + sinceOpen) % ORDERS_EVERY === 0 && needsAttention() !== ordersSeen) {
        markTo(minute);
        await runOrders();
      }
      if (minute === close) break;

      // The minute's bars, for the symbols with working orders only.
      clock.set(new Date(minute + BAR_OFFSET_MS));
      let entryFilled = false;
      for (const symbol of market.activeSymbols()) {
        const bars = dayBars.get(symbol);
        if (!bars) continue;
        let i = cursor.get(symbol) ?? -1;
        while (i + 1 < bars.t.length && bars.t[i + 1] < minute) i++;
        cursor.set(symbol, i);
        if (i + 1 >= bars.t.length || bars.t[i + 1] !== minute) continue;
        cursor.set(symbol, i + 1);
        if (!market.couldFill(symbol, bars, i + 1)) continue;
        progress.barsPlayed++;
        const played = market.applyBar(symbol, bars, i + 1);
        progress.fills += played.fills;
        entryFilled ||= played.entryFilled;
        market.refresh();
      }
      // Shares just bought are protected at once, as the trade_updates stream has it done within
      // seconds; an exit's fill waits for the next scheduled monitor-orders run (its price is the broker's).
      if (entryFilled) {
        markTo(minute);
        await runOrders();
      }
    }

    // After hours: the day's last closes, then the evening runs.
    markTo(close + 1);
    for (const [symbol, bars] of dayBars) lastClose.set(symbol, bars.c[bars.c.length - 1]);
    clock.set(newYorkInstant(day, ORDERS_AFTER_HOURS));
    if (needsAttention() !== ordersSeen) await runOrders();
    clock.set(newYorkInstant(day, POSITIONS_AFTER_HOURS));
    await runPositions();

    result.bars += progress.bars;
    result.barsPlayed += progress.barsPlayed;
    result.fills += progress.fills;
    input.onDay?.({ day, index: index + 1, days: input.days.length, ...progress, ...(await bookSoFar(deps)) });
  }
  return result;
}

/** Scratch Analysis_Ids: the decision's own, or `row-<key>` when it is empty or repeated (it is the scratch table's key). */
function scratchIdsOf(decisions: readonly SourceDecision[], days: readonly string[]): ReplayedDecisionRun[] {
  const seen = new Set<string>();
  return decisions.map((source) => {
    const own = source.analysisId.trim();
    const scratchId = own !== '' && !seen.has(own) ? own : `row-${source.rowKey}`;
    seen.add(scratchId);
    return { source, scratchId, day: replayDayOf(source, days) };
  });
}

/** The day's decisions, approved and unexecuted, as the analysis pipeline and a person in NocoDB leave them. */
async function writeDecisions(
  deps: ReplayDeps,
  today: readonly ReplayedDecisionRun[],
  open: Date,
  byScratchId: Map<string, ReplayedDecisionRun>,
): Promise<void> {
  const repository = deps.dataSource.getRepository(AnalysisDecision);
  const trades = deps.dataSource.getRepository(TradeJournal);
  let order = 0;
  for (const run of today) {
    const source = run.source;
    // CANCEL and AMEND act on the replayed trade of the decision the real run acted on, when the journal tells.
    const targetRun = source.targetAnalysisId ? [...byScratchId.values()].find((r) => r.source.analysisId === source.targetAnalysisId) : undefined;
    const target = targetRun ? await trades.findOne({ where: { initialAnalysisId: targetRun.scratchId }, order: { id: 'DESC' } }) : null;
    await repository.insert({
      analysisId: run.scratchId,
      ticker: source.ticker,
      decision: source.decision as object,
      tradeType: source.tradeType,
      date: source.date,
      approve: true,
      executed: false,
      // Oldest first, as written; a row without a time is written just before the open.
      dateTime: source.dateTime ?? new Date(open.getTime() - 60_000 + order++),
      existingTradeJournalId: target?.id ?? null,
      existingOrderId: null,
    });
  }
}

async function bookSoFar(deps: ReplayDeps): Promise<Pick<DayProgress, 'closedTrades' | 'realizedPnl' | 'openPositions'>> {
  const [row] = (await deps.dataSource.query(
    `SELECT count(*) FILTER (WHERE status = 'CLOSED')::int AS closed, coalesce(sum(actual_pnl) FILTER (WHERE status = 'CLOSED'), 0)::text AS pnl,
            count(*) FILTER (WHERE status = 'POSITION')::int AS open FROM trade_journal`,
  )) as Array<{ closed: number; pnl: string; open: number }>;
  return { closedTrades: row.closed, realizedPnl: Money.of(row.pnl).toCents(), openPositions: row.open };
}

function newYorkInstant(day: string, time: string): Date {
  return DateTime.fromISO(`${day}T${time}`, { zone: MARKET_ZONE }).toJSDate();
}
