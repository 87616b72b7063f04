import { AlpacaBroker, AlpacaTradeUpdateStream, type Broker, type ProtectionOrderRequest } from '@trading-monitor/broker';
import { startAlpacaTestServer } from '@trading-monitor/broker/testing';
import { STREAM_POOL_SIZE, executeDecisions, monitorOrders, startTradeUpdateListener } from '@trading-monitor/workflows';
import { ENTRY_PRICE, openWorld } from './bench-world';

export interface Percentiles {
  fills: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StreamVersusPoll {
  /** One fill at a time, each waited for. */
  streamSingle: Percentiles;
  /** Bursts of `burst` fills at once. */
  streamBurst: Percentiles;
  burst: number;
  /** Measured: one order-monitor cycle that finds `burst` fills, first to last protection. */
  pollCycle: Percentiles;
  /** The poll's fill → protection: the wait for the next 5-minute tick (fills spread evenly over it) plus the measured cycle. */
  poll: Percentiles;
}

const POLL_INTERVAL_MS = 5 * 60_000;

/**
 * Entry fill → protection accepted at the broker over the real-time path, end to end: the
 * simulated market fills the entry, the loopback Alpaca server sends trade_updates over its
 * websocket, the listener syncs the trade and the AlpacaBroker (HTTP) places the stop. Measured
 * from the price move that fills the entry to the broker's answer to the protective order.
 * Beside it, the 5-minute poll on the same HTTP broker: its cycle measured, its wait for the tick modelled.
 */
export async function benchStreamVersusPoll(adminUrl: string, fills = 200, burst = 50): Promise<StreamVersusPoll> {
  // The scheduler's pool (STREAM_POOL_SIZE), as the listener runs there.
  const world = await openWorld(adminUrl, { poolSize: STREAM_POOL_SIZE });
  const server = await startAlpacaTestServer({ market: world.sim });
  try {
    const http = new AlpacaBroker({
      keyId: server.keyId,
      secretKey: server.secretKey,
      paper: true,
      tradingUrl: server.url,
      dataUrl: server.url,
      rateLimit: false,
    });
    const accepted = new Map<string, number>();
    // Waited for, not polled: a polling loop in this process would take CPU from what is measured.
    const waiters = new Map<string, () => void>();
    const whenAccepted = (symbol: string) => (accepted.has(symbol) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(symbol, resolve)));
    const submitProtection = async (request: ProtectionOrderRequest) => {
      const orders = await http.submitProtection(request);
      accepted.set(request.symbol, performance.now());
      waiters.get(request.symbol)?.();
      return orders;
    };
    // A proxy, not Object.create: the adapter keeps its state in private fields.
    const timed = new Proxy(http, {
      get: (target, name) => {
        if (name === 'submitProtection') return submitProtection;
        const value: unknown = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Broker;
    const symbols = await world.seedNewTrades(fills * 2 + burst);
    const executed = await executeDecisions(world.deps(http));
    if (executed.counts.placed !== symbols.length) throw new Error(`${executed.counts.placed} entries placed for ${symbols.length} decisions.`);

    // The poll's cycle: `burst` fills found by one monitor-orders run (no stream running).
    const pollSymbols = symbols.slice(fills * 2);
    for (const symbol of pollSymbols) world.sim.setPrice(symbol, ENTRY_PRICE);
    const cycleStart = performance.now();
    const polled = await monitorOrders(world.deps(timed));
    if (polled.protected !== pollSymbols.length)
      throw new Error(
        `The poll protected ${polled.protected} of ${pollSymbols.length} fills: ${JSON.stringify(polled.failed.concat(polled.alarms as never)).slice(0, 500)}`,
      );
    const cycle = pollSymbols.map((s) => at(accepted, s) - cycleStart);

    const stream = new AlpacaTradeUpdateStream({ tradingUrl: server.url, keyId: server.keyId, secretKey: server.secretKey });
    const listener = startTradeUpdateListener(world.deps(timed), stream);
    try {
      while (listener.status().state !== 'connected') await pause(5);
      await listener.caughtUp();

      const single: number[] = [];
      for (const symbol of symbols.slice(0, fills)) {
        const start = performance.now();
        world.sim.setPrice(symbol, ENTRY_PRICE);
        await whenAccepted(symbol);
        single.push(at(accepted, symbol) - start);
      }

      const bursts: number[] = [];
      for (let i = fills; i < fills * 2; i += burst) {
        const group = symbols.slice(i, i + burst);
        const start = performance.now();
        for (const symbol of group) world.sim.setPrice(symbol, ENTRY_PRICE);
        await Promise.all(group.map(whenAccepted));
        bursts.push(...group.map((s) => at(accepted, s) - start));
      }

      // Fills spread evenly over a polling interval wait (interval - offset) for the next tick, then the cycle.
      const poll = Array.from({ length: fills }, (_, i) => POLL_INTERVAL_MS - (i * POLL_INTERVAL_MS) / fills + cycle[i % cycle.length]);
      return { streamSingle: percentiles(single), streamBurst: percentiles(bursts), burst, pollCycle: percentiles(cycle), poll: percentiles(poll) };
    } finally {
      await listener.stop();
    }
  } finally {
    await server.close();
    await world.close();
  }
}

function at(accepted: Map<string, number>, symbol: string): number {
  const time = accepted.get(symbol);
  if (time === undefined) throw new Error(`No protection was placed for ${symbol}.`);
  return time;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { fills: sorted.length, p50Ms: rank(0.5), p99Ms: rank(0.99), maxMs: sorted[sorted.length - 1] };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
