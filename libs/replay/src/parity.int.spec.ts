import { SimulatedBroker, SimulatedTradeUpdateStream } from '@trading-monitor/broker';
import { silentLogger } from '@trading-monitor/config';
import { DEFAULT_BOTH_IN_ONE_BAR, ManualClock } from '@trading-monitor/domain';
import { TradeJournal, type DataSource } from '@trading-monitor/persistence';
import { executeDecisions, monitorOrders, monitorPositions, startTradeUpdateListener, type JobDeps } from '@trading-monitor/workflows';
import { BarMarket } from './bar-market';
import { ScriptedBars } from './bars/scripted-bars';
import { SeededBars } from './bars/seeded-bars';
import type { DayBars } from './bars/day-bars';
import { replayRange } from './replay-range';
import { decisionFor, openScratch, openTestBook, writeDecision, type OpenDatabase } from './testing/replay-world';

// Parity: one day through the live path — every bar of every symbol moving the simulated market, the
// scheduler's jobs at every one of their times, the trade_updates stream handling each change — and
// through `replay` on the same bars ends with the same trades, to the cent.
const DAY = '2025-09-04';
const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF'];
const MINUTE = 60_000;

type TradeLine = Record<string, string | number | null>;

function linesOf(trades: readonly TradeJournal[]): TradeLine[] {
  return trades
    .map((t) => ({
      symbol: t.symbol,
      style: t.tradeStyle,
      status: t.status,
      qty: t.actualQty,
      entry: t.actualEntry?.toString() ?? null,
      exit: t.exitPrice?.toString() ?? null,
      exitDate: t.exitDate ?? null,
      reason: t.exitReason,
      pnl: t.actualPnl?.toCents() ?? null,
    }))
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** The decisions of the day, set from the bars' first prices so that most of them fill and meet an exit. */
async function writeDecisions(journal: DataSource, bars: (symbol: string) => DayBars): Promise<void> {
  for (const [i, symbol] of SYMBOLS.entries()) {
    const open = bars(symbol).o[0];
    const cents = (x: number) => Math.round(x * 100) / 100;
    const limit = cents(open * (1 - 0.001 * i));
    // Tight stops on some, wide on others: the day ends with targets hit, stops hit and an expiry.
    const stop = cents(limit * (1 - [0.004, 0.0015, 0.002, 0.001, 0.003, 0.0008][i]));
    const trend = i % 3 === 2;
    await writeDecision(
      journal,
      `parity-${symbol}`,
      DAY,
      decisionFor(symbol, DAY, {
        strategy: trend ? 'TREND' : 'SWING',
        limit_price: limit,
        stop_loss: { stop_price: stop },
        ...(trend ? { take_profit: undefined } : { take_profit: { limit_price: cents(limit * (1 + 0.003 * (i + 1))) } }),
      }),
    );
  }
}

/** The live path: minute by minute, every bar, every scheduled job, the stream after each change. */
async function playLive(dataSource: DataSource, bars: (symbol: string) => DayBars): Promise<void> {
  const clock = new ManualClock(new Date(`${DAY}T12:00:00Z`));
  const sim = new SimulatedBroker({ clock, cash: '1000000000' });
  const deps: JobDeps = { dataSource, broker: sim, clock, log: silentLogger() };
  const market = new BarMarket(sim, DEFAULT_BOTH_IN_ONE_BAR);
  const stream = new SimulatedTradeUpdateStream(sim);
  const listener = startTradeUpdateListener(deps, stream);
  while (listener.status().state !== 'connected') await new Promise((resolve) => setImmediate(resolve));
  await listener.caughtUp();
  const settle = async () => {
    while (stream.publish() > 0) await listener.idle();
  };
  try {
    const first = bars(SYMBOLS[0]).t;
    const open = first[0];
    clock.set(new Date(open - 1000));
    for (const symbol of SYMBOLS) market.mark(symbol, bars(symbol).o[0]);
    for (let i = 0; i <= first.length; i++) {
      const minute = open + i * MINUTE;
      clock.set(new Date(minute));
      // docs/schedule.md: execute 09:45; monitor-orders every 5 minutes; monitor-positions every 10.
      if (i === 15) await executeDecisions(deps);
      if ((30 + i) % 5 === 0) await monitorOrders(deps);
      if ((30 + i) % 10 === 0) await monitorPositions(deps);
      await settle();
      if (i === first.length) break;
      clock.set(new Date(minute + 59_000));
      market.refresh();
      for (const symbol of SYMBOLS) market.applyBar(symbol, bars(symbol), i);
      await settle();
    }
    clock.set(new Date(`${DAY}T22:00:00Z`)); // 18:00 New York
    await monitorOrders(deps);
    clock.set(new Date(`${DAY}T22:15:00Z`));
    await monitorPositions(deps);
    await settle();
  } finally {
    await listener.stop();
  }
}

let journal: OpenDatabase;
let live: OpenDatabase;
const closers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  journal = await openTestBook();
  live = await openTestBook();
});
afterAll(async () => {
  for (const c of closers) await c.close();
  await journal?.close();
  await live?.close();
});

it('ends one day with the same trades and P&L through the live path and through replay', async () => {
  const seeded = await new SeededBars(7).load({
    symbols: SYMBOLS,
    days: [DAY],
    anchors: new Map(SYMBOLS.map((s, i) => [s, String(40 + 30 * i)])),
  });
  const bars = (symbol: string) => seeded(symbol, DAY) as DayBars;
  await writeDecisions(journal.dataSource, bars);
  await writeDecisions(live.dataSource, bars);

  await playLive(live.dataSource, bars);
  const liveTrades = linesOf(await live.dataSource.getRepository(TradeJournal).find());

  const scratch = await openScratch(DAY);
  closers.push(scratch);
  const script = new ScriptedBars(Object.fromEntries(SYMBOLS.map((s) => [s, { [DAY]: bars(s) }])));
  const result = await replayRange(journal.dataSource, scratch, { from: DAY, to: DAY, bars: script });
  const replayed = linesOf(await scratch.dataSource.getRepository(TradeJournal).find());

  if (process.env.SHOW_PARITY) console.log(liveTrades);
  expect(replayed).toEqual(liveTrades);
  // The day is not trivial: targets, stops and an expiry.
  const reasons = new Set(liveTrades.map((t) => t.reason));
  expect(liveTrades).toHaveLength(SYMBOLS.length);
  expect(reasons).toEqual(new Set(['TARGET_HIT', 'STOPPED_OUT', 'EXPIRED']));
  expect(result.report.totals.trades).toBe(liveTrades.filter((t) => t.status === 'CLOSED').length);
  // Replay played a small part of the bars; the live path played all 2,340.
  expect(result.barsPlayed).toBeLessThan(result.bars / 4);
});
