import { AlpacaBroker, AlpacaTradeUpdateStream, type TradeUpdate, type TradeUpdateStream } from '@trading-monitor/broker';
import { startAlpacaTestServer, type AlpacaTestServer } from '@trading-monitor/broker/testing';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import type { JobDeps } from '../job-deps';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { databaseOutage } from '../testing/database-outage';
import { tradingStatus } from '../status/trading-status';
import { STREAM_STALE_AFTER_MS, readStreamState, recordStreamState } from './stream-status';
import { syncOrderEvent } from './sync-order-event';
import { startTradeUpdateListener, type TradeUpdateListener } from './trade-update-listener';

// The real-time path end to end offline: the loopback Alpaca server fronts the simulated broker and
// sends its order changes over /stream; the journal is real PostgreSQL.
let f: WorkflowFixture;
let server: AlpacaTestServer;
let deps: JobDeps;
let stream: AlpacaTradeUpdateStream;
let listener: TradeUpdateListener | undefined;

beforeEach(async () => {
  f = await createWorkflowFixture();
  server = await startAlpacaTestServer({ market: f.sim });
  const broker = new AlpacaBroker({
    keyId: server.keyId,
    secretKey: server.secretKey,
    paper: true,
    tradingUrl: server.url,
    dataUrl: server.url,
    rateLimit: false,
  });
  deps = f.depsWith(broker);
  stream = new AlpacaTradeUpdateStream({ tradingUrl: server.url, keyId: server.keyId, secretKey: server.secretKey, handshakeTimeoutMs: 2000 });
});

afterEach(async () => {
  await listener?.stop();
  listener = undefined;
  await server.close();
  await f.close();
});

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The product's exit orders at the broker (an OCO counts once: its parent). */
async function exitOrders(symbol: string) {
  return (await f.sim.listOrders({ status: 'all', symbols: [symbol] })).filter((o) => o.side === 'sell' && o.parentId === null);
}

async function placeEntry(symbol = 'NVDA') {
  await f.seedDecision(`A-${symbol}`, symbol, newTradeDecision(symbol));
  const executed = await executeDecisions(deps);
  expect(executed.counts.placed).toBe(1);
  const [entry] = await f.orders();
  return entry;
}

function eventFor(orderId: string, event: string, extra: Partial<TradeUpdate> = {}): TradeUpdate {
  const order = f.sim.peekOrder(orderId);
  return { event, orderId, clientOrderId: order?.clientOrderId ?? '', symbol: order?.symbol ?? '', status: order?.status ?? '', ...extra };
}

describe("issue 22 item 8: a database outage does not lose the stream's events", () => {
  it('item8-fill-during-database-outage: the failed sync is retried with backoff; the fill is protected within seconds of the database coming back', async () => {
    const outage = databaseOutage(f.dataSource);
    listener = startTradeUpdateListener({ ...deps, dataSource: outage.dataSource }, stream, { initialDelayMs: 50, maxDelayMs: 200 });
    await until(() => listener!.status().state === 'connected', 'connect');
    await listener.caughtUp();
    await placeEntry();

    outage.stop();
    f.sim.setPrice('NVDA', '133.80'); // the entry fills: the event arrives, its sync fails
    await new Promise((r) => setTimeout(r, 500));
    expect(await f.trade('NVDA')).toMatchObject({ status: 'ORDERED' });

    outage.restore();
    // No poll runs here: only the stream's retry and its catch-up can protect it.
    await until(async () => (await f.trade('NVDA')).status === 'POSITION' && (await f.orders()).length === 3, 'protection after the database returned', 5_000);
    expect((await exitOrders('NVDA')).length).toBe(1);
  }, 60_000);
});

describe('trade_updates drive the lifecycle', () => {
  it('an entry fill is protected, and a stop fill closes the trade with exact P&L, with no polling run; the next poll finds nothing to do', async () => {
    listener = startTradeUpdateListener(deps, stream, { initialDelayMs: 50 });
    await until(() => listener!.status().state === 'connected', 'connect');
    await placeEntry();

    f.sim.setPrice('NVDA', '133.80');
    // The fill commits first, the protection in a second transaction (trade-step.ts): wait for both.
    await until(async () => (await f.trade('NVDA')).status === 'POSITION' && (await f.orders()).length === 3, 'protection');
    expect((await f.orders()).map((o) => [o.orderType, o.orderStatus])).toEqual([
      ['ENTRY', 'filled'],
      ['TAKE_PROFIT', 'pending'],
      ['STOP_LOSS', 'pending'],
    ]);

    f.sim.setPrice('NVDA', '124.00');
    await until(async () => (await f.trade('NVDA')).status === 'CLOSED', 'close');
    const trade = await f.trade('NVDA');
    expect(trade).toMatchObject({ exitReason: 'STOPPED_OUT' });
    expect(trade.actualPnl?.toCents()).toBe('-441.00');

    const poll = await monitorOrders(deps);
    expect(poll).toMatchObject({ updated: 0, filled: 0, protected: 0, closed: [], failed: [] });
    expect(await readStreamState(f.dataSource.manager)).toMatchObject({ state: 'connected' });
  }, 60_000);

  it('repeated and out-of-order events change nothing more: one protection, one set of journal rows', async () => {
    const entry = await placeEntry();
    f.sim.setPrice('NVDA', '133.80');
    const fill = eventFor(entry.alpacaOrderId, 'fill');
    expect(await syncOrderEvent(deps, fill)).toMatchObject({ kind: 'synced', result: { filled: true, protection: { kind: 'placed' } } });
    const rows = (await f.orders()).map((o) => [o.orderType, o.orderStatus, o.filledQty]);
    const audit = (await f.audit()).length;

    // The same fill again, then the order's `new` arriving late, then the fill once more.
    for (const late of [fill, eventFor(entry.alpacaOrderId, 'new', { status: 'new' }), fill]) {
      expect(await syncOrderEvent(deps, late)).toMatchObject({ kind: 'synced', result: { ordersUpdated: 0, filled: false, protection: { kind: 'covered' } } });
    }
    expect((await exitOrders('NVDA')).length).toBe(1);
    expect((await f.orders()).map((o) => [o.orderType, o.orderStatus, o.filledQty])).toEqual(rows);
    expect((await f.audit()).length).toBe(audit);
  }, 60_000);

  it("an event for an order the journal does not know is ignored, or adopted when it carries the product's client_order_id", async () => {
    const [foreign] = await f.sim.submitOrder({
      symbol: 'AAPL',
      side: 'buy',
      qty: 1,
      type: 'market',
      timeInForce: 'day',
      clientOrderId: 'placed-by-hand',
      orderClass: 'simple',
    });
    expect(await syncOrderEvent(deps, eventFor(foreign.id, 'new'))).toMatchObject({ kind: 'ignored' });
    expect(await syncOrderEvent(deps, { event: 'fill', orderId: 'x-1', clientOrderId: 'tm-e-A9-1', symbol: 'AAPL', status: 'filled' })).toEqual({
      kind: 'adopt',
      clientOrderId: 'tm-e-A9-1',
    });
    expect(await f.trades()).toEqual([]);
  }, 60_000);

  it('a stream event and a polling run racing on one trade place one protection (the trade lock)', async () => {
    for (let round = 0; round < 3; round++) {
      const symbol = ['NVDA', 'AMD', 'TSLA'][round];
      const entry = await placeEntry(symbol);
      f.sim.setPrice(symbol, '133.80');
      const fill = eventFor(entry.alpacaOrderId, 'fill');
      const results = await Promise.all([syncOrderEvent(deps, fill), monitorOrders(deps), syncOrderEvent(deps, fill), monitorOrders(deps)]);
      expect(results.filter((r) => 'failed' in r).flatMap((r) => ('failed' in r ? r.failed : []))).toEqual([]);
      expect((await exitOrders(symbol)).length).toBe(1);
      const orders = (await f.orders()).filter((o) => o.tradeJournalId === entry.tradeJournalId);
      expect(orders.map((o) => o.orderType).sort()).toEqual(['ENTRY', 'STOP_LOSS', 'TAKE_PROFIT']);
    }
  }, 90_000);

  it('a stream dropped mid-fill reconnects with backoff and its catch-up pass protects the fill it missed', async () => {
    listener = startTradeUpdateListener(deps, stream, { initialDelayMs: 100, maxDelayMs: 400 });
    await until(() => listener!.status().state === 'connected', 'connect');
    await placeEntry();
    server.stream.refuse(true);
    server.stream.dropClients();
    await until(() => listener!.status().state === 'down', 'down');
    f.sim.setLiquidity('NVDA', 20);
    f.sim.setPrice('NVDA', '133.80'); // 20 of 45 fill while nobody listens
    await new Promise((r) => setTimeout(r, 300));
    expect((await f.trade('NVDA')).status).toBe('ORDERED');
    expect(await readStreamState(f.dataSource.manager)).toMatchObject({ state: expect.stringMatching(/down|connecting/) });

    server.stream.refuse(false);
    await until(() => listener!.status().connects === 2, 'reconnect');
    await listener.caughtUp();
    await until(async () => (await f.orders()).some((o) => o.orderType === 'STOP_LOSS'), 'protection after reconnect');
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 20 });
    const stops = (await f.orders()).filter((o) => o.orderType === 'STOP_LOSS');
    expect(stops.map((o) => o.qty)).toEqual([20]);
    expect((await exitOrders('NVDA')).length).toBe(1);
  }, 60_000);

  it('a stream that never connects: status says down, polling alone still protects the fill', async () => {
    server.stream.refuse(true);
    listener = startTradeUpdateListener(deps, stream, { initialDelayMs: 50, maxDelayMs: 100 });
    await until(() => listener!.status().state === 'down', 'down');
    expect(listener.status()).toMatchObject({ connects: 0, reason: expect.stringMatching(/stream/) });
    await until(async () => (await tradingStatus(deps)).orderEvents.degraded, 'status degraded');
    expect((await tradingStatus(deps)).orderEvents.detail).toMatch(/^DEGRADED: trade_updates stream (down|connecting)/);
    const downs = (await f.audit()).filter((a) => a.action === 'stream.down');
    expect(downs[0]?.message).toMatch(/trade_updates stream is down .*Orders are still checked every 5 minutes/);

    await placeEntry();
    f.sim.setPrice('NVDA', '133.80');
    expect(await monitorOrders(deps)).toMatchObject({ filled: 1, protected: 1 });
    expect((await exitOrders('NVDA')).length).toBe(1);
  }, 60_000);
});

/** A stream the test drives: connects at once, delivers events when told, all in the same tick. */
class ScriptedStream implements TradeUpdateStream {
  private readonly listeners: Array<(event: TradeUpdate) => void> = [];
  async connect(): Promise<void> {
    // connected at once
  }
  async close(): Promise<void> {
    // nothing to close
  }
  onEvent(listener: (event: TradeUpdate) => void): void {
    this.listeners.push(listener);
  }
  onDown(): void {
    // never drops
  }
  emit(...events: TradeUpdate[]): void {
    for (const event of events) this.listeners.forEach((l) => l(event));
  }
}

describe('events handled concurrently', () => {
  it('events for one trade arriving at once (its entry and its stop, repeated) with a polling run beside them never double an order', async () => {
    const scripted = new ScriptedStream();
    const synced: string[] = [];
    listener = startTradeUpdateListener(deps, scripted, { concurrency: 6, onSynced: (event, outcome) => synced.push(`${event.event}:${outcome.kind}`) });
    await until(() => listener!.status().state === 'connected', 'connect');
    await listener.caughtUp();
    const entry = await placeEntry();
    f.sim.setLiquidity('NVDA', 20);
    f.sim.setPrice('NVDA', '133.80'); // 20 of 45
    scripted.emit(eventFor(entry.alpacaOrderId, 'partial_fill'));
    await until(async () => (await f.orders()).some((o) => o.orderType === 'STOP_LOSS'), 'first protection');
    const [firstStop] = (await f.orders()).filter((o) => o.orderType === 'STOP_LOSS');

    f.sim.setLiquidity('NVDA', undefined);
    f.sim.setPrice('NVDA', '133.70'); // the other 25 fill
    synced.length = 0;
    // Every event names an order of the same trade; six syncs may run at once, and a poll races them.
    const burst = [
      eventFor(entry.alpacaOrderId, 'fill'),
      eventFor(firstStop.alpacaOrderId, 'replaced'),
      eventFor(entry.alpacaOrderId, 'fill'),
      eventFor(firstStop.alpacaOrderId, 'canceled'),
    ];
    scripted.emit(...burst);
    const poll = await monitorOrders(deps);
    await until(() => synced.length >= 2, 'the burst synced');
    await new Promise((r) => setTimeout(r, 300));
    expect(poll.failed).toEqual([]);

    const trade = await f.trade('NVDA');
    expect(trade).toMatchObject({ status: 'POSITION', actualQty: 45 });
    // Every share covered once: the working stops at the broker hold 45 shares, and the journal knows exactly them.
    const working = (await f.sim.listOrders({ status: 'open', symbols: ['NVDA'] })).filter((o) => o.side === 'sell');
    expect(working.filter((o) => o.type === 'stop').reduce((sum, o) => sum + o.qty, 0)).toBe(45);
    const protective = (await f.orders()).filter((o) => o.orderType !== 'ENTRY' && o.orderStatus === 'pending');
    expect(protective.map((o) => o.alpacaOrderId).sort()).toEqual(working.map((o) => o.id).sort());
    // And once more, the same events: nothing changes.
    const before = { orders: (await f.orders()).length, audit: (await f.audit()).length };
    synced.length = 0;
    scripted.emit(...burst);
    await until(() => synced.length >= 2, 'the repeat synced');
    await new Promise((r) => setTimeout(r, 300));
    expect({ orders: (await f.orders()).length, audit: (await f.audit()).length }).toEqual(before);
  }, 60_000);
});

describe('the recorded stream state is believed only while its scheduler confirms it', () => {
  it('a scheduler killed while connected: status shows the stream unknown (DEGRADED) once the record is stale', async () => {
    const since = f.clock.now();
    await recordStreamState(f.dataSource.manager, { state: 'connected', since, connects: 1 }, "Listening to the broker's trade_updates stream.");
    expect((await tradingStatus(deps)).orderEvents).toMatchObject({ state: 'connected', degraded: false });
    f.clock.advance(STREAM_STALE_AFTER_MS + 60_000); // no heartbeat: the process was killed
    const status = (await tradingStatus(deps)).orderEvents;
    expect(status.degraded).toBe(true);
    expect(status.detail).toBe(
      `DEGRADED: trade_updates stream unknown — last seen connected at ${since.toISOString()} (3 min ago); ` +
        'the scheduler that recorded it stopped reporting (killed, or its database connection lost). Check the scheduler process; orders are checked by monitor-orders every 5 minutes while it runs',
    );
  }, 60_000);

  it('a running listener keeps its record fresh with heartbeats, and says off when stopped', async () => {
    listener = startTradeUpdateListener(deps, stream, { heartbeatMs: 50 });
    await until(() => listener!.status().state === 'connected', 'connect');
    f.clock.advance(STREAM_STALE_AFTER_MS + 60_000);
    await until(async () => !(await tradingStatus(deps)).orderEvents.degraded, 'a heartbeat after the clock moved');
    expect((await tradingStatus(deps)).orderEvents.detail).toMatch(/^trade_updates stream connected since /);
    await listener.stop();
    listener = undefined;
    f.clock.advance(STREAM_STALE_AFTER_MS * 10);
    expect((await tradingStatus(deps)).orderEvents).toMatchObject({ state: 'off', degraded: false });
  }, 60_000);
});
