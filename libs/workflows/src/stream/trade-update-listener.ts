import type { TradeUpdate, TradeUpdateStream } from '@trading-monitor/broker';
import { findOrderByAlpacaId } from '@trading-monitor/persistence';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { concurrencyLimit } from './concurrency-limit';
import { freshPositions, type FreshPositions } from './fresh-positions';
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
  return new Listener(deps, stream, options);
}

/** An event waiting for its order's sync, with the positions ticket taken when it arrived (fresh-positions.ts). */
interface QueuedEvent {
  event: TradeUpdate;
  ticket: number;
}

class Listener implements TradeUpdateListener {
  // The connection.
  private streamStatus: StreamStatus;
  private stopped = false;
  /** Waits since the last successful connect: the next wait before reconnecting grows with them. */
  private retriesSinceConnect = 0;
  /** Ends the current connection: the stream dropped (with its reason) or stop() was called. */
  private endConnection: ((reason: string) => void) | undefined;
  /** The execution_log row of the latest recorded state, confirmed every heartbeat. */
  private stateRow: number | undefined;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly connection: Promise<void>;

  // The events.
  /** Order id → its running sync loop: one per order at a time. */
  private readonly syncing = new Map<string, Promise<void>>();
  /** Order id → the latest event that came while the order's sync ran: synced next, once. */
  private readonly pending = new Map<string, QueuedEvent>();
  /** At most `concurrency` syncs at once. */
  private readonly slots: ReturnType<typeof concurrencyLimit>;
  /** The broker's positions, one read shared by the events that arrived before it started. */
  private readonly positions: FreshPositions;
  /** Orders this listener's syncs placed (protection): their announcement needs not even a lookup. */
  private readonly placed = new Set<string>();
  /**
   * An event's sync failed (the database or the broker away): it is retried with backoff, and the
   * first sync that succeeds afterwards starts a catch-up pass for whatever else was missed.
   */
  private syncsFailing = false;

  // The catch-up passes.
  /** Catch-up passes run one after another; this is the latest. */
  private catchUpPass: Promise<void> = Promise.resolve();
  /** A pass started to adopt an unfinished run's order: further adoptions ride on it. */
  private adopting: Promise<void> | undefined;
  private readonly adoptTimers = new Set<ReturnType<typeof setTimeout>>();

  /** Backoff waits in progress: stop() cuts them short. */
  private readonly pauses = new Set<() => void>();

  constructor(
    private readonly deps: JobDeps,
    private readonly stream: TradeUpdateStream,
    private readonly options: TradeUpdateListenerOptions,
  ) {
    this.streamStatus = { state: 'connecting', since: deps.clock.now(), connects: 0 };
    this.positions = freshPositions(deps.broker);
    this.slots = concurrencyLimit(options.concurrency ?? STREAM_CONCURRENCY);
    stream.onEvent((event) => this.receive(event));
    stream.onDown((reason) => this.endConnection?.(reason));
    // The recorded state is confirmed every heartbeat, so `status` and `health` elsewhere can tell a
    // live listener from the last words of a scheduler killed without recording `off`.
    this.heartbeat = setInterval(() => this.confirmState(), options.heartbeatMs ?? STREAM_HEARTBEAT_MS);
    this.heartbeat.unref();
    this.connection = this.stayConnected();
  }

  status(): StreamStatus {
    return { ...this.streamStatus };
  }

  async caughtUp(): Promise<void> {
    await this.catchUpPass;
  }

  async idle(): Promise<void> {
    while (this.syncing.size > 0) await Promise.all(this.syncing.values());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.pauses.forEach((wake) => wake());
    this.adoptTimers.forEach(clearTimeout);
    this.endConnection?.('stopped');
    await this.stream.close();
    await this.connection;
    await Promise.all(this.syncing.values());
    await this.catchUpPass;
    await this.recordState('off', 'The scheduler stopped listening to the trade_updates stream.');
  }

  /** Connects, listens until the connection ends, waits (backoff) and connects again, until stopped. */
  private async stayConnected(): Promise<void> {
    while (!this.stopped) {
      if (this.streamStatus.state !== 'connecting') await this.recordState('connecting', "Connecting to the broker's trade_updates stream.");
      const reason = await this.listenUntilDown();
      if (this.stopped) break;
      const wait = this.backoff(this.retriesSinceConnect++);
      await this.recordState(
        'down',
        `The broker's trade_updates stream is down (${reason}); retrying in ${(wait / 1000).toFixed(1)} s. Orders are still checked every 5 minutes by monitor-orders.`,
        reason,
      );
      await this.pause(wait);
    }
  }

  /** One connection: returns why it ended, or why it could not be opened. */
  private async listenUntilDown(): Promise<string> {
    try {
      const ended = new Promise<string>((resolve) => (this.endConnection = resolve));
      await this.stream.connect();
      this.retriesSinceConnect = 0;
      this.streamStatus.connects++;
      await this.recordState('connected', "Listening to the broker's trade_updates stream: fills are acted on as they happen.");
      void this.catchUp(this.streamStatus.connects === 1 ? 'connected' : 'reconnected');
      return await ended;
    } catch (error) {
      return describeError(error);
    }
  }

  private async recordState(state: StreamStatus['state'], message: string, reason?: string): Promise<void> {
    const { log, clock, dataSource } = this.deps;
    this.streamStatus = { ...this.streamStatus, state, since: clock.now(), reason };
    if (state === 'connected') log.info({ event: 'stream.connected', connects: this.streamStatus.connects }, message);
    else if (state === 'down') log.warn({ event: 'stream.down', reason }, message);
    try {
      this.stateRow = await recordStreamState(dataSource.manager, this.streamStatus, message);
    } catch (error) {
      log.warn({ event: 'stream.state-not-recorded', err: error }, `The stream's state could not be recorded: ${describeError(error)}.`);
    }
  }

  private confirmState(): void {
    if (this.stateRow === undefined) return;
    const { log, clock, dataSource } = this.deps;
    recordStreamHeartbeat(dataSource.manager, this.stateRow, clock.now(), this.streamStatus.lastEventAt).catch((error: unknown) =>
      log.warn({ event: 'stream.heartbeat-not-recorded', err: error }, `The stream's heartbeat could not be recorded: ${describeError(error)}.`),
    );
  }

  /** One full order-monitor pass, after those already started: what happened while events were missed. */
  private catchUp(why: string): Promise<void> {
    const { log } = this.deps;
    this.catchUpPass = this.catchUpPass.then(async () => {
      try {
        const summary = await monitorOrders(this.deps);
        log.info({ event: 'stream.catch-up', why, updated: summary.updated, protected: summary.protected, closed: summary.closed.length });
      } catch (error) {
        log.error(
          { event: 'stream.catch-up-failed', err: error },
          `The catch-up order-monitor pass failed (${describeError(error)}); the 5-minute schedule tries again.`,
        );
      }
    });
    return this.catchUpPass;
  }

  /** Syncs the event's order now, or marks it for one more pass when its sync is already running. */
  private receive(event: TradeUpdate): void {
    if (this.stopped) return;
    this.streamStatus.lastEventAt = this.deps.clock.now();
    const queued = { event, ticket: this.positions.ticket() };
    if (this.syncing.has(event.orderId)) this.pending.set(event.orderId, queued);
    else this.syncing.set(event.orderId, this.syncOrder(event.orderId, queued));
  }

  /** Syncs the order's events, the latest one each time, until none is pending; a failed sync is retried with backoff. */
  private async syncOrder(orderId: string, first: QueuedEvent): Promise<void> {
    let next: QueuedEvent | undefined = first;
    let failures = 0;
    while (next && !this.stopped) {
      this.pending.delete(orderId);
      const { event, ticket } = next;
      try {
        const outcome = await this.slots.run(() =>
          ANNOUNCEMENTS.has(event.event) ? this.syncAnnouncement(event) : syncOrderEvent(this.deps, event, { positions: this.positions.since(ticket) }),
        );
        this.actOn(event, outcome);
        failures = 0;
        if (this.syncsFailing) {
          // What failed is reachable again (the database is back): catch up with everything missed meanwhile.
          this.syncsFailing = false;
          void this.catchUp('syncs succeed again after failing');
        }
      } catch (error) {
        this.syncsFailing = true;
        const wait = this.backoff(failures++);
        this.deps.log.error(
          { event: 'stream.sync-failed', orderId, symbol: event.symbol, retryInMs: wait, err: error },
          `${event.symbol} order ${orderId} (${event.event}) could not be synced: ${describeError(error)}; retrying in ${(wait / 1000).toFixed(1)} s.`,
        );
        await this.pause(wait);
        // Tried again until it succeeds, unless a newer event for the order came meanwhile (it is synced instead).
        if (!this.pending.has(orderId)) this.pending.set(orderId, { event, ticket: this.positions.ticket() });
      }
      next = this.pending.get(orderId);
    }
    this.syncing.delete(orderId);
  }

  private actOn(event: TradeUpdate, outcome: OrderEventOutcome): void {
    if (outcome.kind === 'synced' && outcome.result.protection?.kind === 'placed') {
      if (this.placed.size > 10_000) this.placed.clear(); // announcements that never came (stream down meanwhile): forget them
      outcome.result.protection.orderIds.forEach((id) => this.placed.add(id));
    }
    if (outcome.kind === 'adopt') this.adoptLater(event);
    else if (outcome.kind === 'ignored') this.deps.log.debug({ event: 'stream.ignored', orderId: event.orderId }, outcome.reason);
    this.options.onSynced?.(event, outcome);
  }

  // `new` only says the broker accepted an order: for an order the journal holds (recorded as
  // pending when it was placed) there is nothing to act on, so it costs one lookup, not a sync of
  // the trade (in a burst, every protection placed announces itself: half of all events).
  private async syncAnnouncement(event: TradeUpdate): Promise<OrderEventOutcome> {
    const known = await this.knownOrder(event.orderId);
    if (known) return { kind: 'ignored', reason: `order ${event.orderId} (${event.symbol}) announced, ${known}` };
    return syncOrderEvent(this.deps, event);
  }

  /** Why the product already knows the order (placed by this listener, or in the journal); undefined when it does not. */
  private async knownOrder(orderId: string): Promise<string | undefined> {
    if (this.placed.delete(orderId)) return 'placed by this listener';
    if (await findOrderByAlpacaId(this.deps.dataSource.manager, orderId)) return 'already in the journal';
    return undefined;
  }

  /** A product order the journal does not know yet: checked again after `adoptAfterMs`, then adopted by a catch-up pass. */
  private adoptLater(event: TradeUpdate): void {
    const timer = setTimeout(() => {
      this.adoptTimers.delete(timer);
      void this.recheck(event)
        .then((outcome) => {
          if (outcome?.kind === 'adopt' && !this.stopped)
            this.adopting ??= this.catchUp(`order ${event.clientOrderId} placed by an unfinished run`).finally(() => (this.adopting = undefined));
        })
        .catch((error: unknown) =>
          this.deps.log.warn(
            { event: 'stream.adopt-failed', orderId: event.orderId, err: error },
            `Order ${event.orderId} could not be checked: ${describeError(error)}.`,
          ),
        );
    }, this.options.adoptAfterMs ?? 2000);
    timer.unref();
    this.adoptTimers.add(timer);
  }

  // An announcement (`new`) of an order the product placed itself arrives before the run that placed
  // it commits; once recorded there is nothing to act on, so the re-check does not sync the trade again.
  private async recheck(event: TradeUpdate): Promise<OrderEventOutcome | undefined> {
    if (ANNOUNCEMENTS.has(event.event) && (await this.knownOrder(event.orderId))) return undefined;
    return syncOrderEvent(this.deps, event, { positions: this.positions.since(this.positions.ticket()) });
  }

  /** The wait before attempt `attempt` + 1: exponential, capped, drawn from [delay/2, delay) ("equal jitter"). */
  private backoff(attempt: number): number {
    const delay = Math.min(this.options.maxDelayMs ?? 60_000, (this.options.initialDelayMs ?? 1000) * 2 ** attempt);
    return Math.round(delay / 2 + (delay / 2) * (this.options.random ?? Math.random)());
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pauses.add(done);
    });
  }
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
