import { MARKET_ZONE, SimulatedTradeUpdateStream, type SimulatedBroker } from '@trading-monitor/broker';
import type { ManualClock } from '@trading-monitor/domain';
import { AnalysisDecision, TradeJournal } from '@trading-monitor/persistence';
import { DateTime } from 'luxon';
import { factsOfClosedTrade, rMultipleText, tradingReport, type TradingReport } from '@trading-monitor/reporting';
import {
  executeDecisions,
  monitorOrders,
  monitorPositions,
  startTradeUpdateListener,
  tradingStatus,
  type ExecutedDecision,
  type JobDeps,
  type OrderEventOutcome,
  type PositionView,
  type TradeUpdateListener,
} from '@trading-monitor/workflows';
import { narrateDecisions, narrateOrders, narratePositions, narrateStream, snapshotJournal, type Narrated } from './demo-narration';
import { DEMO_DAY, DEMO_DECISIONS, DEMO_EXTRA_EXECUTE_RUNS, DEMO_PRICES, DEMO_SCHEDULE, type ScriptedDecision } from './demo-script';
import { minuteOf, priceOnPath } from './price-path';

export type DemoActor = 'analysis' | 'market' | 'trade-updates' | 'execute-decisions' | 'monitor-orders' | 'monitor-positions';

/** One thing that happened during the demo day. */
export interface DemoStep {
  /** The simulated instant, ISO. */
  at: string;
  /** New York wall time, HH:MM. */
  time: string;
  actor: DemoActor;
  symbol?: string;
  text: string;
}

export interface DemoTrade {
  tradeId: string;
  symbol: string;
  strategy: string;
  status: string;
  exitReason: string | null;
  qty: number | null;
  entryPrice: string | null;
  exitPrice: string | null;
  pnl: string | null;
  r: string | null;
}

export interface DemoResult {
  day: string;
  steps: DemoStep[];
  /** Every decision the execute runs took, with the New York time of the run. */
  decisions: Array<ExecutedDecision & { time: string }>;
  /** The journal at the end of the day, every trade. */
  trades: DemoTrade[];
  /** Positions held overnight, at their last marks. */
  openPositions: PositionView[];
  report: TradingReport;
  /** How many times each job ran (most runs change nothing and print no step). */
  runs: Record<'execute-decisions' | 'monitor-orders' | 'monitor-positions', number>;
}

export interface DemoDeps extends JobDeps {
  /** The in-memory market the demo moves. Its clock must be `clock`, started at or before DEMO_START. */
  sim: SimulatedBroker;
  clock: ManualClock;
}

/** When the demo day starts: the morning's decisions are approved, the market is not open yet. */
export const DEMO_START = nyInstant(DEMO_DECISIONS[0].at);

/**
 * Plays the scripted day on the given database and simulated market: approves the decisions, moves
 * prices every five minutes, runs the jobs when the schedule (docs/schedule.md) runs them (and `execute` once more for the
 * late decisions), and reports each change through `onStep` as it happens. Ends with the day's report.
 * As in the scheduler with Alpaca, the broker's trade_updates drive each trade between the runs: a
 * fill is protected (a stop fill closed) by the stream seconds after the price move, with the
 * measured delay in the line, and the 5-minute monitor-orders runs find nothing left to do.
 */
export async function playDemoDay(deps: DemoDeps, onStep: (step: DemoStep) => void = () => undefined): Promise<DemoResult> {
  const { dataSource, sim, clock } = deps;
  const steps: DemoStep[] = [];
  const decisions: DemoResult['decisions'] = [];
  const runs = { 'execute-decisions': 0, 'monitor-orders': 0, 'monitor-positions': 0 };
  const tickers = new Map(DEMO_DECISIONS.map((d) => [d.analysisId, d.ticker.split(':')[0]]));
  const record = (time: string, actor: DemoActor, lines: readonly Narrated[]) => {
    for (const line of lines) {
      const step = { at: clock.now().toISOString(), time, actor, ...line };
      steps.push(step);
      onStep(step);
    }
  };

  // The broker's trade_updates, in process: announced after each price move and each job, never on a timer.
  const stream = new SimulatedTradeUpdateStream(sim);
  const outcomes: OrderEventOutcome[] = [];
  const listener = await listen(deps, stream, outcomes);
  /** Announces what changed at the broker, lets the listener act, and tells what it did, with how long it took. */
  const announce = async (time: string, change: () => void = () => undefined) => {
    const before = await snapshotJournal(dataSource);
    outcomes.length = 0;
    const started = performance.now();
    change(); // the price move fills orders at once
    if (stream.publish() === 0) return;
    await listener.idle();
    const seconds = (performance.now() - started) / 1000;
    while (stream.publish() > 0) await listener.idle(); // the protection's own `new` events: nothing to act on
    if (outcomes.some((o) => o.kind === 'synced')) record(time, 'trade-updates', narrateStream(outcomes, before, await snapshotJournal(dataSource), seconds));
  };

  try {
    for (const time of timeline()) await playMinute(time);
  } finally {
    await listener.stop();
  }

  async function playMinute(time: string): Promise<void> {
    clock.set(nyInstant(time));
    const minute = minuteOf(time);
    const inSession = minute >= minuteOf(DEMO_SCHEDULE.open) && minute <= minuteOf(DEMO_SCHEDULE.close);
    if (inSession && minute % DEMO_SCHEDULE.ordersEveryMinutes === 0) {
      await announce(time, () => sim.setPrices(Object.fromEntries(Object.entries(DEMO_PRICES).map(([symbol, path]) => [symbol, priceOnPath(path, time)]))));
    }
    if (time === DEMO_SCHEDULE.open) record(time, 'market', [{ text: `opens: ${quotes(time)}` }]);
    if (time === DEMO_SCHEDULE.close) record(time, 'market', [{ text: `closes: ${quotes(time)}; day orders still open expire now` }]);

    const approved = DEMO_DECISIONS.filter((d) => d.at === time);
    if (approved.length > 0) {
      await approve(deps, approved);
      const late = time !== DEMO_DECISIONS[0].at;
      record(time, 'analysis', [
        {
          text:
            `${approved.length} decision${approved.length === 1 ? '' : 's'} approved in NocoDB: ` +
            approved.map((d) => `${String(d.decision['primary_action'])} ${tickers.get(d.analysisId)}`).join(', ') +
            (late ? ' (an operator runs `execute` for them rather than wait for tomorrow)' : ''),
        },
      ]);
    }

    if (time === DEMO_SCHEDULE.execute || DEMO_EXTRA_EXECUTE_RUNS.includes(time)) {
      runs['execute-decisions']++;
      const summary = await executeDecisions(deps);
      decisions.push(...summary.decisions.map((d) => ({ ...d, time })));
      record(time, 'execute-decisions', narrateDecisions(summary.decisions, tickers));
    }
    if ((inSession && minute % DEMO_SCHEDULE.ordersEveryMinutes === 0) || time === DEMO_SCHEDULE.ordersAfterHours) {
      runs['monitor-orders']++;
      const before = await snapshotJournal(dataSource);
      const summary = await monitorOrders(deps);
      record(time, 'monitor-orders', narrateOrders(summary, before, await snapshotJournal(dataSource)));
    }
    if ((inSession && minute % DEMO_SCHEDULE.positionsEveryMinutes === 0) || time === DEMO_SCHEDULE.positionsAfterHours) {
      runs['monitor-positions']++;
      const summary = await monitorPositions(deps);
      // Marks change every run; once an hour (and after hours) is enough to follow them.
      const showMarks = minute % 60 === 0 || time === DEMO_SCHEDULE.positionsAfterHours;
      record(time, 'monitor-positions', narratePositions(summary, await snapshotJournal(dataSource), showMarks));
    }
    // What a job changed at the broker (an entry placed and filled, cancelled, expired) is announced too.
    await announce(time);
  }

  const trades = await dataSource.getRepository(TradeJournal).find({ order: { id: 'ASC' } });
  return {
    day: DEMO_DAY,
    steps,
    decisions,
    trades: trades.map((t) => ({
      tradeId: t.tradeId,
      symbol: t.symbol,
      strategy: t.tradeStyle,
      status: t.status,
      exitReason: t.exitReason,
      qty: t.actualQty,
      entryPrice: t.actualEntry?.toString() ?? null,
      exitPrice: t.exitPrice?.toString() ?? null,
      pnl: t.actualPnl?.toCents() ?? null,
      r: t.actualPnl ? rMultipleText(factsOfClosedTrade(t)) : null,
    })),
    openPositions: (await tradingStatus(deps)).positions,
    report: await tradingReport(deps, { from: DEMO_DAY, to: DEMO_DAY }),
    runs,
  };
}

/** The listener on the in-memory stream, connected and caught up (there is nothing to catch up at the start). */
async function listen(deps: JobDeps, stream: SimulatedTradeUpdateStream, outcomes: OrderEventOutcome[]): Promise<TradeUpdateListener> {
  const listener = startTradeUpdateListener(deps, stream, { onSynced: (_event, outcome) => outcomes.push(outcome) });
  while (listener.status().state !== 'connected') await new Promise((resolve) => setImmediate(resolve));
  await listener.caughtUp();
  return listener;
}

/** Every minute something is due, in order: price ticks and scheduled runs, approvals, after-hours runs. */
function timeline(): string[] {
  const minutes = new Set<number>();
  for (let m = minuteOf(DEMO_SCHEDULE.open); m <= minuteOf(DEMO_SCHEDULE.close); m += DEMO_SCHEDULE.ordersEveryMinutes) minutes.add(m);
  for (const time of [...DEMO_DECISIONS.map((d) => d.at), ...DEMO_EXTRA_EXECUTE_RUNS, DEMO_SCHEDULE.ordersAfterHours, DEMO_SCHEDULE.positionsAfterHours]) {
    minutes.add(minuteOf(time));
  }
  return [...minutes].sort((a, b) => a - b).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
}

/** Writes the decisions as the analysis pipeline and a person approving them in NocoDB would. */
async function approve(deps: DemoDeps, approved: readonly ScriptedDecision[]): Promise<void> {
  const decisions = deps.dataSource.getRepository(AnalysisDecision);
  let order = 0;
  for (const scripted of approved) {
    const earlier = scripted.actsOn ? await decisions.findOneBy({ analysisId: scripted.actsOn }) : null;
    await decisions.save(
      decisions.create({
        analysisId: scripted.analysisId,
        ticker: scripted.ticker,
        decision: scripted.decision,
        tradeType: (scripted.decision['new_trade'] as { strategy?: string } | undefined)?.strategy ?? null,
        date: DEMO_DAY,
        approve: true,
        // Distinct times keep "oldest first" in the order written here.
        dateTime: new Date(deps.clock.now().getTime() + order++),
        existingOrderId: earlier?.existingOrderId ?? null,
      }),
    );
  }
}

function quotes(time: string): string {
  return Object.entries(DEMO_PRICES)
    .map(([symbol, path]) => `${symbol} ${priceOnPath(path, time).toString()}`)
    .join(' · ');
}

function nyInstant(time: string): Date {
  return DateTime.fromISO(`${DEMO_DAY}T${time}`, { zone: MARKET_ZONE }).toJSDate();
}
