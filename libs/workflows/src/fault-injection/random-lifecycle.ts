import type { BrokerOrder } from '@trading-monitor/broker';
import { countingBroker } from '@trading-monitor/broker/testing';
import { Price } from '@trading-monitor/domain';
import type { DataSource } from '@trading-monitor/persistence';
import { describeError } from '../describe-error';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import type { JobDeps } from '../job-deps';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { monitorPositions } from '../monitor-positions/monitor-positions';
import { consistencyProblems, unprotectedPositions } from '../testing/consistency';
import { SimulatedCrash, dyingBroker, type DyingBroker } from '../testing/crashing-broker';
import { faultyBroker, type FaultCounts, type FaultyBroker } from '../testing/faulty-broker';
import { seededRandom, type SeededRandom } from '../testing/seeded-random';
import { newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';

/** What can go wrong during a run. Any mix; none of it touches the clean cycle at the end. */
export interface Chaos {
  /** The process dies at a random mutating broker call, before or after it reaches the broker, and restarts. */
  crash?: boolean;
  /** Share of broker calls that fail (rate limit, 5xx, timeout, ambiguous submit). */
  faultRate?: number;
  /** Share of broker calls after which every database connection is dropped. */
  dropRate?: number;
  /** Data sources of other processes: each job step then runs 2 to (1 + this many) jobs at once. */
  otherProcesses?: readonly DataSource[];
}

export interface RunOutcome {
  seed: number;
  /** What happened, in order: enough to follow a failing seed by eye. */
  steps: string[];
  /** Where the process died, if it did (up to twice): the job, the broker call, before or after it reached the broker. */
  crashes: Crash[];
  /** Calls that changed something at the broker, made by the jobs before the clean cycle. */
  mutations: number;
  faults: FaultCounts | null;
  /** Jobs that threw (a job is expected to turn broker trouble into its summary, not to throw). */
  jobErrors: string[];
  /** Invariant violations after the clean cycle. */
  problems: string[];
}

type JobName = 'execute' | 'monitorOrders' | 'monitorPositions';
export type Crash = NonNullable<ReturnType<DyingBroker['crashed']>> & { job: JobName };

/** What a job's summary says went wrong, for the steps of a failing run (the invariants judge). */
function notesOf(job: JobName, summary: unknown): string[] {
  const { failed, alarms, decisions } = summary as {
    failed?: Array<{ error: string }>;
    alarms?: string[];
    decisions?: Array<{ outcome: string; message: string }>;
  };
  return [
    ...(failed ?? []).map((f) => `  ${job} failed: ${f.error}`),
    ...(alarms ?? []).map((a) => `  ${job} alarm: ${a}`),
    ...(decisions ?? []).filter((d) => d.outcome === 'failed' || d.outcome === 'deferred').map((d) => `  ${job} ${d.outcome}: ${d.message}`),
  ];
}

const JOBS: Record<JobName, (deps: JobDeps) => Promise<unknown>> = {
  execute: executeDecisions,
  monitorOrders,
  monitorPositions,
};

// A run makes 3 to 8 mutating broker calls (median 5): a crash point drawn from 1–5 lands in ~90%
// of the runs, and half the restarted processes die again later in the run.
const CRASH_WITHIN = 5;
const SYMBOLS = ['NVDA', 'AAPL', 'MSFT', 'AMD', 'TSLA', 'META'];
const STYLES = ['SWING', 'TREND', 'DAYTRADE'] as const;
/** 16:30 New York on the first day: the day entries have expired. */
const AFTER_CLOSE = new Date('2025-01-15T21:30:00Z');
/** 09:45 New York the next morning. */
const NEXT_MORNING = new Date('2025-01-16T14:45:00Z');

interface PlannedTrade {
  symbol: string;
  side: 'buy' | 'sell';
  style: (typeof STYLES)[number];
  qty: number;
  /** Prices in cents. */
  limit: number;
  stop: number;
  takeProfit: number;
}

const dollars = (cents: number): number => Number((cents / 100).toFixed(2));
const price = (cents: number): string => (Math.max(cents, 1) / 100).toFixed(2);

function planTrade(random: SeededRandom, symbol: string): PlannedTrade {
  const side = random.chance(0.8) ? 'buy' : 'sell';
  const limit = random.int(2_000, 40_000);
  const stopDistance = random.int(100, 1_500);
  const targetDistance = random.int(200, 3_000);
  const sign = side === 'buy' ? 1 : -1;
  return {
    symbol,
    side,
    style: random.pick(STYLES),
    qty: random.int(2, 60),
    limit,
    stop: limit - sign * stopDistance,
    takeProfit: limit + sign * targetDistance,
  };
}

function decisionOf(trade: PlannedTrade, action = 'NEW_TRADE'): Record<string, unknown> {
  return newTradeDecision(
    trade.symbol,
    {
      strategy: trade.style,
      side: trade.side,
      qty: trade.qty,
      limit_price: dollars(trade.limit),
      stop_loss: { stop_price: dollars(trade.stop) },
      take_profit: trade.style === 'SWING' ? { limit_price: dollars(trade.takeProfit) } : undefined,
    },
    action,
  );
}

/** Decisions the product must refuse without placing anything. */
const MALFORMED: Array<(symbol: string) => unknown> = [
  (symbol) => newTradeDecision(symbol, { qty: 4.5 }),
  (symbol) => newTradeDecision(symbol, { stop_loss: { stop_price: 140 } }),
  (symbol) => ({ ...newTradeDecision(symbol), primary_action: 'BUY_EVERYTHING' }),
  () => '{"primary_action": "NEW_TRADE", ',
  (symbol) => ({ symbol, primary_action: 'NEW_TRADE' }),
  (symbol) => newTradeDecision(symbol, { limit_price: 133.805 }),
];

/**
 * One randomized day and a half of trading for a few symbols, played through the jobs with the
 * chaos asked for, then one clean cycle (execute, monitor orders, monitor positions, monitor
 * orders, on the plain simulator), then the invariants of testing/consistency.ts. The seed decides
 * everything: the trades, the market, the faults, where the process dies.
 */
export async function runRandomLifecycle(f: WorkflowFixture, seed: number, chaos: Chaos = {}): Promise<RunOutcome> {
  const random = seededRandom(seed);
  const steps: string[] = [];
  const jobErrors: string[] = [];
  const trades = random.sample(SYMBOLS, random.int(2, 3)).map((symbol) => planTrade(random, symbol));
  const bySymbol = new Map(trades.map((t) => [t.symbol, t]));

  // Faults and drops come from their own stream, so they do not shift the market and the plan.
  const faultRandom = seededRandom(seed ^ 0x9e3779b9);
  const drop = async () => {
    steps.push('  (database connections dropped)');
    await f.db.disconnectAll();
  };
  const faulty: FaultyBroker | null =
    chaos.faultRate || chaos.dropRate ? faultyBroker(f.sim, { random: faultRandom, rate: chaos.faultRate ?? 0, dropRate: chaos.dropRate, drop }) : null;
  const live = countingBroker(faulty ?? f.sim);
  let dying: DyingBroker | null = chaos.crash ? dyingBroker(live, { atMutation: random.int(1, CRASH_WITHIN), before: random.chance(0.5) }) : null;
  const crashes: Crash[] = [];
  let dropsSettled = 0;

  const runJobs = async (job: JobName): Promise<void> => {
    const broker = dying ?? live;
    const others = chaos.otherProcesses ?? [];
    const jobs: Array<[JobName, DataSource]> = [[job, f.dataSource]];
    if (others.length > 0) {
      for (const dataSource of others.slice(0, random.int(1, others.length))) jobs.push([random.pick(Object.keys(JOBS) as JobName[]), dataSource]);
    }
    steps.push(jobs.map(([name]) => name).join(' ‖ '));
    await Promise.all(
      jobs.map(([name, dataSource]) =>
        JOBS[name]({ ...f.deps, dataSource, broker }).then(
          (summary) => steps.push(...notesOf(name, summary)),
          (error: unknown) => {
            if (!(error instanceof SimulatedCrash)) jobErrors.push(`${name}: ${describeError(error)}`);
            steps.push(`  ${name} threw: ${describeError(error)}`);
          },
        ),
      ),
    );
    if (faulty && faulty.faults().drops > dropsSettled) {
      // The run goes on with the database back: each process's pool sheds its killed connections.
      dropsSettled = faulty.faults().drops;
      for (const [, dataSource] of jobs) await settleConnections(dataSource);
    }
    const died = dying?.crashed();
    if (died) {
      crashes.push({ ...died, job });
      steps.push(`  process died ${died.before ? 'before' : 'after'} mutating call ${died.mutation} (${died.method}); restarted`);
      // Half the restarted processes die once more, a few calls later.
      dying = crashes.length < 2 && random.chance(0.5) ? dyingBroker(live, { atMutation: random.int(1, 4), before: random.chance(0.5) }) : null;
    }
  };

  const openOrders = async (symbol: string): Promise<BrokerOrder[]> =>
    (await f.sim.listOrders({ status: 'open', symbols: [symbol] })).filter((o) => o.clientOrderId.startsWith('tm-'));

  const events: Record<string, (trade: PlannedTrade) => Promise<string | null>> = {
    async fillEntry(t) {
      f.sim.setPrice(t.symbol, price(t.limit));
      return `${t.symbol} trades at its limit ${price(t.limit)}`;
    },
    async partialEntry(t) {
      const entry = (await openOrders(t.symbol)).find((o) => o.clientOrderId.startsWith('tm-entry-') && o.qty - o.filledQty > 1);
      if (!entry) return null;
      const qty = random.int(1, entry.qty - entry.filledQty - 1);
      const at = price(t.limit - (t.side === 'buy' ? 1 : -1) * random.int(0, 20));
      f.sim.fill(entry.id, qty, at);
      return `${t.symbol} entry fills ${qty} at ${at}`;
    },
    async hitStop(t) {
      const at = price(t.stop - (t.side === 'buy' ? 1 : -1) * random.int(0, 30));
      f.sim.setPrice(t.symbol, at);
      return `${t.symbol} falls through its stop to ${at}`;
    },
    async hitTarget(t) {
      const at = price(t.takeProfit + (t.side === 'buy' ? 1 : -1) * random.int(0, 30));
      f.sim.setPrice(t.symbol, at);
      return `${t.symbol} reaches its target at ${at}`;
    },
    async partialExit(t) {
      // Thin liquidity: the market reaches the stop or the target and only part of the exit fills.
      const held = (await f.sim.listPositions()).find((p) => p.symbol === t.symbol);
      if (!held || Math.abs(held.qty) < 2) return null;
      const qty = random.int(1, Math.abs(held.qty) - 1);
      const target = random.chance(0.5) && t.style === 'SWING';
      const at = price(target ? t.takeProfit : t.stop);
      f.sim.setLiquidity(t.symbol, qty);
      f.sim.setPrice(t.symbol, at);
      f.sim.setLiquidity(t.symbol, undefined);
      return `${t.symbol} ${target ? 'reaches its target' : 'falls to its stop'} at ${at} with liquidity for ${qty} shares`;
    },
    async gapThroughStop(t) {
      // The entry fills and the market falls through the stop before the next run (docs/broker-rules.md#prices):
      // the stop is refused when placed, and the shares must be exited instead.
      const entry = (await openOrders(t.symbol)).find((o) => o.clientOrderId.startsWith('tm-entry-') && o.status !== 'accepted');
      if (entry) f.sim.fill(entry.id, undefined, price(t.limit));
      const at = price(t.stop - (t.side === 'buy' ? 1 : -1) * random.int(5, 200));
      f.sim.setPrice(t.symbol, at);
      return `${t.symbol} ${entry ? `entry fills at ${price(t.limit)}, then ` : ''}gaps through its stop to ${at}`;
    },
    async editStop(t) {
      // A person moves the product's stop in the Alpaca dashboard: the order is replaced (replaced_by).
      const stop = (await f.sim.listOrders({ status: 'open', symbols: [t.symbol] })).find((o) => o.type === 'stop' && o.stopPrice);
      const last = (await f.sim.latestPrices([t.symbol])).get(t.symbol);
      if (!stop?.stopPrice || !last) return null;
      const cents = Math.round(Number(stop.stopPrice.toString()) * 100) + (stop.side === 'sell' ? 1 : -1) * random.int(1, 100);
      try {
        const edited = await f.sim.replaceOrder(stop.id, { stopPrice: Price.of(price(cents)) });
        return `${t.symbol} stop ${stop.id} moved by hand to ${price(cents)} (now ${edited.id})`;
      } catch (error) {
        return `${t.symbol} stop edit refused: ${describeError(error)}`;
      }
    },
    async split(t) {
      // A corporate action: the broker splits the position and replaces the product's open orders,
      // which the journal follows and re-bases by. Forward splits only: a split the journal cannot
      // re-base exactly (3-for-1 of an odd price, a reverse split of an odd quantity) or one with no
      // order to replace freezes the trade for a person (split.int.spec.ts), outside these invariants.
      // Splits take effect overnight, when the day entries have expired: only gtc protection is working.
      const working = await f.sim.listOrders({ status: 'open', symbols: [t.symbol] });
      if (splits >= 1 || !working.some((o) => o.type === 'stop') || working.some((o) => o.clientOrderId.startsWith('tm-entry-'))) return null;
      splits++;
      const ratio = random.pick(['2', '4']);
      f.sim.applySplit(t.symbol, ratio);
      const r = Number(ratio);
      bySymbol.set(t.symbol, { ...t, limit: Math.round(t.limit / r), stop: Math.round(t.stop / r), takeProfit: Math.round(t.takeProfit / r) });
      return `${t.symbol} splits ${ratio} for 1`;
    },
    async fillBetweenCalls(t) {
      // Alpaca fills on its own time: part or all of the entry's rest fills between two of the
      // product's calls (after the order read, before the positions read, say: issue 22 item 1).
      const entry = (await openOrders(t.symbol)).find((o) => o.clientOrderId.startsWith('tm-entry-') && o.status !== 'accepted' && o.qty > o.filledQty);
      if (!entry) return null;
      const qty = random.int(1, entry.qty - entry.filledQty);
      const call = random.pick(['listPositions', 'getOrder', 'listOrders', 'submitOrder', 'cancelOrder'] as const);
      f.sim.fillBeforeNextCall(entry.id, qty, call, price(t.limit));
      return `${t.symbol} entry will fill ${qty} more just before the next ${call}`;
    },
    async refuseRemedy(t) {
      // The broker will not take the next remedy order (issue 22 item 2): 403 PDT or buying power, 429, 5xx.
      const prefix = random.pick(['tm-stop-', 'tm-oco-', 'tm-exit-']);
      const answer = random.pick(['pattern_day_trading', 'insufficient_buying_power', 'rate_limited', 'outage'] as const);
      f.sim.refuseNextOrder(prefix, answer, random.int(1, 2));
      return `${t.symbol}: the broker will answer the next ${prefix}… order with ${answer}`;
    },
    async drift(t) {
      const at = insideBand(t);
      f.sim.setPrice(t.symbol, at);
      return `${t.symbol} drifts to ${at}`;
    },
    async manualClose(t) {
      // At any price, the market moving on after: the product must never protect shares that are gone.
      if (!(await f.sim.listPositions()).some((p) => p.symbol === t.symbol)) return null;
      const at = price(t.limit + random.int(-300, 300));
      f.sim.closePositionByHand(t.symbol, at);
      f.sim.setPrice(t.symbol, at);
      return `${t.symbol} closed by hand at ${at}`;
    },
    async later() {
      if (f.clock.now() >= AFTER_CLOSE) return null;
      f.clock.advance(random.int(5, 40) * 60_000);
      return `clock ${f.clock.now().toISOString()}`;
    },
  };
  let splits = 0;
  const eventNames = Object.keys(events);
  /** A price strictly between the trade's stop and its target. */
  const insideBand = (t: PlannedTrade): string => price(random.int(Math.min(t.stop, t.takeProfit) + 1, Math.max(t.stop, t.takeProfit) - 1));
  const randomEvents = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const name = random.pick(eventNames);
      const active = [...bySymbol.values()];
      const happened = await events[name](random.pick(active));
      if (happened) steps.push(`  ${happened}`);
    }
  };

  // Morning: the approved decisions, one malformed, perhaps a review.
  let n = 0;
  const morning: Array<{ id: string; ticker: string; decision: unknown }> = trades.map((t) => ({
    id: `N${++n}-${t.symbol}`,
    ticker: t.symbol,
    decision: decisionOf(t),
  }));
  morning.push({ id: `X${++n}`, ticker: trades[0].symbol, decision: random.pick(MALFORMED)(trades[0].symbol) });
  if (random.chance(0.5)) morning.push({ id: `R${++n}`, ticker: trades[1].symbol, decision: { symbol: trades[1].symbol, primary_action: 'NO_ACTION' } });
  await f.seedDecisions(morning);
  steps.push(
    `plan: ${trades.map((t) => `${t.side} ${t.qty} ${t.symbol} ${t.style} @${price(t.limit)} stop ${price(t.stop)} target ${price(t.takeProfit)}`).join('; ')}`,
  );
  await runJobs('execute');

  for (let round = 0; round < 3; round++) {
    await randomEvents(random.int(1, 3));
    if (round === 1) {
      // Second thoughts about one symbol: cancel it, amend it, or just review it.
      const t = random.pick(trades);
      const kind = random.pick(['CANCEL', 'AMEND', 'NO_ACTION'] as const);
      const amended = { ...t, qty: random.int(2, 60), limit: t.limit + (t.side === 'buy' ? -1 : 1) * random.int(1, 50) };
      const decision = kind === 'AMEND' ? decisionOf(amended, 'AMEND') : { symbol: t.symbol, primary_action: kind };
      // Part of the entry may fill first (issue 14.3), and the venue may be slow to confirm the
      // cancel (Alpaca's pending_cancel, issue 14.2) — the entry can fill meanwhile.
      if (kind !== 'NO_ACTION' && random.chance(0.4)) {
        const partly = await events['partialEntry'](t);
        if (partly) steps.push(`  ${partly}`);
      }
      const slow = kind !== 'NO_ACTION' && random.chance(0.5);
      await f.seedDecision(`${kind[0]}${++n}-${t.symbol}`, t.symbol, decision);
      if (kind === 'AMEND') bySymbol.set(t.symbol, amended);
      steps.push(`decision ${kind} ${t.symbol}${slow ? ' (the venue is slow to confirm cancels)' : ''}`);
      if (slow) f.sim.holdCancels();
      await runJobs('execute');
      if (slow) {
        if (random.chance(0.3)) steps.push(`  ${await events['fillEntry'](t)} while its cancel is pending`);
        if (random.chance(0.5)) await runJobs('monitorOrders');
        f.sim.holdCancels(false);
        f.sim.confirmCancels();
        steps.push('  the venue confirms the pending cancels');
      }
    }
    await runJobs('monitorOrders');
    if (random.chance(0.6)) await runJobs('monitorPositions');
  }
  if (random.chance(0.3)) {
    f.clock.set(AFTER_CLOSE);
    steps.push('the market closes');
    await runJobs('monitorOrders');
    await runJobs('monitorPositions');
    f.clock.set(NEXT_MORNING);
    steps.push('next morning');
    await randomEvents(random.int(1, 2));
    await runJobs('monitorOrders');
  }

  // One clean cycle, on the plain simulator, by one process.
  f.sim.clearFaults();
  steps.push('clean cycle');
  steps.push(...notesOf('execute', await executeDecisions(f.deps)));
  steps.push(...notesOf('monitorOrders', await monitorOrders(f.deps)));
  // One run with the broker reachable leaves no position unprotected or un-exited.
  const afterOneRun = (await unprotectedPositions(f)).map((p) => `after one clean order-monitor run: ${p}`);
  steps.push(...notesOf('monitorPositions', await monitorPositions(f.deps)));
  steps.push(...notesOf('monitorOrders', await monitorOrders(f.deps)));
  const calls = live.counts();
  const mutations = calls.submitEntry + calls.submitProtection + calls.cancelOrder + calls.replaceOrder + calls.closePosition;
  return { seed, steps, crashes, mutations, faults: faulty?.faults() ?? null, jobErrors, problems: [...afterOneRun, ...(await consistencyProblems(f))] };
}

/**
 * After connections were killed, waits until the pool hands out only live ones: a client killed
 * while idle is dropped by the pool once its socket reports the end, which takes a moment.
 */
export async function settleConnections(dataSource: DataSource): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (let attempt = 0; attempt < 20; attempt++) {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => dataSource.query('SELECT 1')));
    if (results.every((r) => r.status === 'fulfilled')) return;
  }
}
