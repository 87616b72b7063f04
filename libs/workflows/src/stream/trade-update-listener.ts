import type { TradeUpdate, TradeUpdateStream } from '@trading-monitor/broker';
import { findOrderByAlpacaId } from '@trading-monitor/persistence';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { freshPositions } from './fresh-positions';
import { STREAM_HEARTBEAT_MS, recordStreamHeartbeat, recordStreamState, type StreamStatus } from './stream-status';
import { syncOrderEvent, type OrderEventOutcome } from './sync-order-event';

export interface TradeUpdateListenerOptions {
  /** First wait after a failed connect or a drop, ms (default 1 s); doubles per failed attempt. */
  initialDelayMs?: number;
  /** Longest wait, ms (default 60 s). */
  maxDelayMs?: number;
  /** 0 ≤ x < 1; default Math.random. Each wait is drawn from [delay/2, delay) ("equal jitter"). */
  random?: () => number;
  /**
   * How long an event for a product order (tm-…) the journal does not know waits before a catch-up
   * pass adopts it, ms (default 2 s): the product's own new orders are announced before the
   * transaction that records them commits, and must not each cost a full pass.
   */
  adoptAfterMs?: number;
  /**
   * Event syncs running at once (default 6): a burst of fills is worked off in parallel, and the
   * scheduler's jobs keep pooled connections of their own (the scheduler's pool holds 10, STREAM_POOL_SIZE).
   */
  concurrency?: number;
  /** How often the recorded state is confirmed, ms (default STREAM_HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** Called after each event's sync (tests, the bench). */
  onSynced?: (event: TradeUpdate, outcome: OrderEventOutcome) => void;
}

export interface TradeUpdateListener {
  status(): StreamStatus;
  /** Resolves once a catch-up pass after the latest connect has finished (tests). */
  caughtUp(): Promise<void>;
  /** Resolves once no event's sync is running or waiting (the demo, tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps the scheduler on the broker's trade_updates stream: connect; on every connect, run one full
 * order-monitor pass (what happened while it was down); sync each event's trade at once; when the
 * connection fails or drops, wait (exponential backoff with jitter, so many schedulers do not
 * reconnect in step) and try again, forever. The 5-minute monitor-orders schedule keeps running
 * beside it: with the stream up it finds nothing left to do; with the stream down it is the
 * product's only path, exactly as before.
 *
 * Events are coalesced per order: while one order's sync runs, further events for it mark it for one
 * more pass (with the latest event), never a second concurrent one. At most `concurrency` syncs run
 * at once, the rest wait in arrival order. Two events of one trade (its entry and its stop) may sync
 * at the same time: the trade lock (trade-lock.ts) orders them, as it orders the stream's sync and
 * any monitor pass on the same trade in another process; the second finds nothing left to do.
 * The broker's positions are read once for all events that arrived before the read started
 * (fresh-positions.ts), not once per event. An event whose sync fails (the database down, say) is
 * tried again with the same backoff until it succeeds; the first sync that succeeds after a failure
 * starts a catch-up pass, so protection follows within seconds of the database coming back.
 */
export function startTradeUpdateListener(deps: JobDeps, stream: TradeUpdateStream, options: TradeUpdateListenerOptions = {}): TradeUpdateListener {
  const { log, dataSource, clock } = deps;
  const initialDelay = options.initialDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const random = options.random ?? Math.random;
  let status: StreamStatus = { state: 'connecting', since: clock.now(), connects: 0 };
  let stopped = false;
  let attempt = 0;
  let wake: (() => void) | undefined;
  let catchUp: Promise<void> = Promise.resolve();
  let adoptPending: Promise<void> | undefined;
  const running = new Map<string, Promise<void>>();
  const again = new Map<string, { event: TradeUpdate; ticket: number }>();
  const positions = freshPositions(deps.broker);
  const slots = concurrencyLimit(options.concurrency ?? STREAM_CONCURRENCY);
  let stateRow: number | undefined;
  // Orders this listener's syncs placed (protection): their announcement needs not even a lookup.
  const placed = new Set<string>();
  // An event's sync failed (the database or the broker away): it is retried with backoff, and the
  // first sync that succeeds afterwards starts a catch-up pass for whatever else was missed.
  let syncsFailing = false;
  const pauses = new Set<() => void>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pauses.add(done);
    });

  const setState = async (state: StreamStatus['state'], message: string, reason?: string) => {
    status = { ...status, state, since: clock.now(), reason };
    if (state === 'connected') log.info({ event: 'stream.connected', connects: status.connects }, message);
    else if (state === 'down') log.warn({ event: 'stream.down', reason }, message);
    try {
      stateRow = await recordStreamState(dataSource.manager, status, message);
    } catch (error) {
      log.warn({ event: 'stream.state-not-recorded', err: error }, `The stream's state could not be recorded: ${describeError(error)}.`);
    }
  };

  const runCatchUp = (why: string) => {
    catchUp = catchUp.then(async () => {
      try {
        const summary = await monitorOrders(deps);
        log.info({ event: 'stream.catch-up', why, updated: summary.updated, protected: summary.protected, closed: summary.closed.length });
      } catch (error) {
        log.error(
          { event: 'stream.catch-up-failed', err: error },
          `The catch-up order-monitor pass failed (${describeError(error)}); the 5-minute schedule tries again.`,
        );
      }
    });
    return catchUp;
  };

  const adoptTimers = new Set<ReturnType<typeof setTimeout>>();
  const adoptLater = (event: TradeUpdate) => {
    const timer = setTimeout(() => {
      adoptTimers.delete(timer);
      void recheck(event)
        .then((outcome) => {
          if (outcome?.kind === 'adopt' && !stopped)
            adoptPending ??= runCatchUp(`order ${event.clientOrderId} placed by an unfinished run`).finally(() => (adoptPending = undefined));
        })
        .catch((error: unknown) =>
          log.warn(
            { event: 'stream.adopt-failed', orderId: event.orderId, err: error },
            `Order ${event.orderId} could not be checked: ${describeError(error)}.`,
          ),
        );
    }, options.adoptAfterMs ?? 2000);
    timer.unref();
    adoptTimers.add(timer);
  };

  // An announcement (`new`) of an order the product placed itself arrives before the run that placed
  // it commits; once recorded there is nothing to act on, so the re-check does not sync the trade again.
  const recheck = async (event: TradeUpdate): Promise<OrderEventOutcome | undefined> => {
    if (ANNOUNCEMENTS.has(event.event) && (placed.delete(event.orderId) || (await findOrderByAlpacaId(dataSource.manager, event.orderId)))) return undefined;
    return syncOrderEvent(deps, event, { positions: positions.since(positions.ticket()) });
  };

  // `new` only says the broker accepted an order: for an order the journal holds (recorded as
  // pending when it was placed) there is nothing to act on, so it costs one lookup, not a sync of
  // the trade (in a burst, every protection placed announces itself: half of all events).
  const announced = async (event: TradeUpdate): Promise<OrderEventOutcome> => {
    if (placed.delete(event.orderId)) return { kind: 'ignored', reason: `order ${event.orderId} (${event.symbol}) announced, placed by this listener` };
    if (await findOrderByAlpacaId(dataSource.manager, event.orderId))
      return { kind: 'ignored', reason: `order ${event.orderId} (${event.symbol}) announced, already in the journal` };
    return syncOrderEvent(deps, event);
  };

  const handle = (event: TradeUpdate) => {
    status.lastEventAt = clock.now();
    const key = event.orderId;
    const ticket = positions.ticket();
    if (running.has(key)) {
      again.set(key, { event, ticket });
      return;
    }
    const run = (async () => {
      let next: { event: TradeUpdate; ticket: number } | undefined = { event, ticket };
      let failures = 0;
      while (next && !stopped) {
        again.delete(key);
        const current: TradeUpdate = next.event;
        const since = next.ticket;
        try {
          const outcome = await slots.run(() =>
            ANNOUNCEMENTS.has(current.event) ? announced(current) : syncOrderEvent(deps, current, { positions: positions.since(since) }),
          );
          if (outcome.kind === 'synced' && outcome.result.protection?.kind === 'placed') {
            if (placed.size > 10_000) placed.clear(); // announcements that never came (stream down meanwhile): forget them
            outcome.result.protection.orderIds.forEach((id) => placed.add(id));
          }
          if (outcome.kind === 'adopt') adoptLater(current);
          else if (outcome.kind === 'ignored') log.debug({ event: 'stream.ignored', orderId: current.orderId }, outcome.reason);
          options.onSynced?.(current, outcome);
          failures = 0;
          if (syncsFailing) {
            // What failed is reachable again (the database is back): catch up with everything missed meanwhile.
            syncsFailing = false;
            void runCatchUp('syncs succeed again after failing');
          }
        } catch (error) {
          syncsFailing = true;
          const delay = Math.min(maxDelay, initialDelay * 2 ** failures++);
          const wait = Math.round(delay / 2 + (delay / 2) * random());
          log.error(
            { event: 'stream.sync-failed', orderId: current.orderId, symbol: current.symbol, retryInMs: wait, err: error },
            `${current.symbol} order ${current.orderId} (${current.event}) could not be synced: ${describeError(error)}; retrying in ${(wait / 1000).toFixed(1)} s.`,
          );
          await pause(wait);
          // Tried again until it succeeds, unless a newer event for the order came meanwhile (it is synced instead).
          if (!again.has(key)) again.set(key, { event: current, ticket: positions.ticket() });
        }
        next = again.get(key);
      }
      running.delete(key);
    })();
    running.set(key, run);
  };
  stream.onEvent(handle);

  let dropped: ((reason: string) => void) | undefined;
  stream.onDown((reason) => dropped?.(reason));

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // The recorded state is confirmed every heartbeat, so `status` and `health` elsewhere can tell a
  // live listener from the last words of a scheduler killed without recording `off`.
  const heartbeat = setInterval(() => {
    if (stateRow === undefined) return;
    recordStreamHeartbeat(dataSource.manager, stateRow, clock.now(), status.lastEventAt).catch((error: unknown) =>
      log.warn({ event: 'stream.heartbeat-not-recorded', err: error }, `The stream's heartbeat could not be recorded: ${describeError(error)}.`),
    );
  }, options.heartbeatMs ?? STREAM_HEARTBEAT_MS);
  heartbeat.unref();

  let stopStream: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      if (status.state !== 'connecting') await setState('connecting', "Connecting to the broker's trade_updates stream.");
      let reason: string;
      try {
        const down = new Promise<string>((resolve) => (dropped = resolve));
        await stream.connect();
        attempt = 0;
        status.connects++;
        await setState('connected', "Listening to the broker's trade_updates stream: fills are acted on as they happen.");
        void runCatchUp(status.connects === 1 ? 'connected' : 'reconnected');
        reason = await Promise.race([down, new Promise<string>((resolve) => (stopStream = () => resolve('stopped')))]);
      } catch (error) {
        reason = describeError(error);
      }
      if (stopped) break;
      const delay = Math.min(maxDelay, initialDelay * 2 ** attempt);
      const wait = Math.round(delay / 2 + (delay / 2) * random());
      attempt++;
      await setState(
        'down',
        `The broker's trade_updates stream is down (${reason}); retrying in ${(wait / 1000).toFixed(1)} s. Orders are still checked every 5 minutes by monitor-orders.`,
        reason,
      );
      await sleep(wait);
    }
  })();

  return {
    status: () => ({ ...status }),
    caughtUp: async () => {
      await catchUp;
    },
    idle: async () => {
      while (running.size > 0) await Promise.all(running.values());
    },
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      pauses.forEach((wakeUp) => wakeUp());
      adoptTimers.forEach(clearTimeout);
      stopStream?.();
      wake?.();
      await stream.close();
      await loop;
      await Promise.all(running.values());
      await catchUp;
      await setState('off', 'The scheduler stopped listening to the trade_updates stream.');
    },
  };
}

/** Event syncs at once by default; measured in docs/benchmarks.md (a burst of 50 fills). */
export const STREAM_CONCURRENCY = 6;
/** The scheduler's database pool: the stream's syncs plus four for its jobs, health and metrics. */
export const STREAM_POOL_SIZE = STREAM_CONCURRENCY + 4;

/**
 * Event names that only announce an order (its placement), with nothing for the lifecycle to act on.
 * Alpaca's trade_updates docs: `new` is sent when an order has been routed to exchanges for
 * execution; `accepted` and `pending_new` come before that. Fills, ends and replacements have events
 * of their own.
 */
const ANNOUNCEMENTS: ReadonlySet<string> = new Set(['new', 'accepted', 'pending_new']);

/** Runs at most `limit` tasks at once; the others wait, first come first served. */
function concurrencyLimit(limit: number): { run<T>(task: () => Promise<T>): Promise<T> } {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(task) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}
