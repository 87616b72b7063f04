import { AlpacaBroker, AlpacaTradeUpdateStream, type TradeUpdate } from '@trading-monitor/broker';
import { startAlpacaTestServer, type AlpacaTestServer } from '@trading-monitor/broker/testing';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import type { JobDeps } from '../job-deps';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { tradingStatus } from '../status/trading-status';
import { readStreamState } from './stream-status';
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
  const broker = new AlpacaBroker({ keyId: server.keyId, secretKey: server.secretKey, paper: true, tradingUrl: server.url, dataUrl: server.url, rateLimit: false });
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

describe('trade_updates drive the lifecycle', () => {
  it('an entry fill is protected, and a stop fill closes the trade with exact P&L, with no polling run; the next poll finds nothing to do', async () => {
    listener = startTradeUpdateListener(deps, stream, { initialDelayMs: 50 });
    await until(() => listener!.status().state === 'connected', 'connect');
    await placeEntry();

    f.sim.setPrice('NVDA', '133.80');
    await until(async () => (await f.trade('NVDA')).status === 'POSITION' && (await exitOrders('NVDA')).length === 1, 'protection');
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
    const [foreign] = await f.sim.submitOrder({ symbol: 'AAPL', side: 'buy', qty: 1, type: 'market', timeInForce: 'day', clientOrderId: 'placed-by-hand', orderClass: 'simple' });
    expect(await syncOrderEvent(deps, eventFor(foreign.id, 'new'))).toMatchObject({ kind: 'ignored' });
    expect(await syncOrderEvent(deps, { event: 'fill', orderId: 'x-1', clientOrderId: 'tm-e-A9-1', symbol: 'AAPL', status: 'filled' })).toEqual({ kind: 'adopt', clientOrderId: 'tm-e-A9-1' });
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
