import { mockFetch } from '@alpacahq/alpaca-trade-api/testing';
import { ConfigError } from '@trading-monitor/config';
import { ManualClock, Price } from '@trading-monitor/domain';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { EntryOrderRequest } from '../broker';
import { Ambiguous, Transient } from '../broker-errors';
import { newYorkTime as ny } from '../new-york-time';
import { SimulatedBroker } from '../simulated/simulated-broker';
import { startAlpacaTestServer, type AlpacaTestServer } from '../testing/alpaca-test-server';
import { UnexpectedBrokerResponse } from '../unexpected-broker-response';
import { AlpacaBroker, type AlpacaBrokerOptions } from './alpaca-broker';

const KEY_ID = 'PKTESTKEYID0001';
const SECRET = 'secret-Zq8m1-never-print-me';

const entry = (clientOrderId: string): EntryOrderRequest => ({
  symbol: 'AAPL',
  side: 'buy',
  qty: 45,
  type: 'limit',
  limitPrice: Price.of('133.80'),
  timeInForce: 'day',
  clientOrderId,
});

async function caught(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('AlpacaBroker', () => {
  describe('endpoints', () => {
    it('uses the paper host unless paper is false', () => {
      const paper = new AlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, paper: true });
      expect([paper.tradingUrl, paper.dataUrl]).toEqual(['https://paper-api.alpaca.markets', 'https://data.alpaca.markets']);
      expect(new AlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, paper: false }).tradingUrl).toBe('https://api.alpaca.markets');
    });

    it('honours ALPACA_TRADING_URL and ALPACA_DATA_URL', () => {
      const broker = new AlpacaBroker({
        keyId: KEY_ID,
        secretKey: SECRET,
        paper: true,
        tradingUrl: 'http://localhost:9999/',
        dataUrl: 'http://localhost:9998',
      });
      expect([broker.tradingUrl, broker.dataUrl]).toEqual(['http://localhost:9999', 'http://localhost:9998']);
    });

    it('refuses a live trading URL while paper is on: live needs its own opt-in', () => {
      expect(() => new AlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, paper: true, tradingUrl: 'https://api.alpaca.markets' })).toThrow(ConfigError);
    });

    it('refuses to start without both credentials', () => {
      expect(() => new AlpacaBroker({ keyId: KEY_ID, secretKey: '', paper: true })).toThrow(ConfigError);
    });
  });

  describe('over HTTP', () => {
    let clock: ManualClock;
    let market: SimulatedBroker;
    let server: AlpacaTestServer;

    beforeEach(async () => {
      clock = new ManualClock(ny('2026-11-23', '10:00'));
      market = new SimulatedBroker({ clock });
      market.setPrice('AAPL', '140.00');
      server = await startAlpacaTestServer({ market, keyId: KEY_ID, secretKey: SECRET });
    });

    afterEach(async () => {
      await server.close();
      expect(server.errors).toEqual([]);
    });

    const connect = (options: Partial<AlpacaBrokerOptions> = {}) =>
      new AlpacaBroker({
        keyId: KEY_ID,
        secretKey: SECRET,
        paper: true,
        tradingUrl: server.url,
        dataUrl: server.url,
        retry: { retryDelayMs: 1, maxDelayMs: 2 },
        ...options,
      });
    const count = (method: string, path: string) => server.requests.filter((r) => r.method === method && r.path === path).length;

    it('sends a submit once even when the broker fails it: a 503 is Ambiguous, and nothing is retried', async () => {
      market.failNext(1);
      const error = await caught(connect().submitEntry(entry('e-1')));
      expect(error).toBeInstanceOf(Ambiguous);
      expect((error as Ambiguous).clientOrderId).toBe('e-1');
      expect(count('POST', '/v2/orders')).toBe(1);
    });

    it('does not retry a rate-limited submit either, and passes on the wait', async () => {
      market.rateLimitNext(3, 2000);
      const error = await caught(connect().submitEntry(entry('e-1')));
      expect(error).toBeInstanceOf(Transient);
      expect((error as Transient).retryAfterMs).toBe(2000);
      expect(count('POST', '/v2/orders')).toBe(1);
    });

    it('retries reads through a passing outage, and reports Transient when it lasts', async () => {
      const broker = connect();
      market.failNext(2);
      expect(await broker.listPositions()).toEqual([]);
      expect(count('GET', '/v2/positions')).toBe(3);
      market.failNext(3);
      expect(await caught(broker.listPositions())).toBeInstanceOf(Transient);
    });

    it('asks for nested orders, oldest first, 500 a page', async () => {
      await connect().listOrders({ status: 'open', symbols: ['AAPL', 'MSFT'] });
      const query = new URLSearchParams(server.requests[0].query);
      expect(Object.fromEntries(query)).toEqual({ status: 'open', limit: '500', direction: 'asc', nested: 'true', symbols: 'AAPL,MSFT' });
    });

    it('pages through more orders than one page holds', async () => {
      const broker = connect({ pageSize: 2 });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await broker.submitEntry(entry(`e-${i}`))).id);
        clock.advance(1000);
      }
      expect((await broker.listOrders({ status: 'all' })).map((o) => o.id)).toEqual(ids);
      // Each page starts a millisecond before the last order seen, so it re-reads that one: 2+1+1+1+1.
      expect(count('GET', '/v2/orders')).toBe(5);
    });

    it('stops with an explanation instead of looping when a whole page shares one instant', async () => {
      const broker = connect({ pageSize: 2 });
      for (let i = 0; i < 3; i++) await broker.submitEntry(entry(`e-${i}`));
      expect(await caught(broker.listOrders({ status: 'all' }))).toBeInstanceOf(UnexpectedBrokerResponse);
    });

    it('makes no request for no symbols', async () => {
      expect((await connect().latestPrices([])).size).toBe(0);
      expect(server.requests).toEqual([]);
    });

    it('gives a close order a client_order_id even when the caller has none', async () => {
      const broker = connect({ newClientOrderId: () => 'close-generated' });
      await broker.submitEntry({ ...entry('long'), type: 'market', limitPrice: undefined });
      expect((await broker.closePosition('AAPL')).clientOrderId).toBe('close-generated');
    });

    it('never shows the credentials: not in errors, not when the broker is printed', async () => {
      const errors: unknown[] = [];
      const broker = connect({ retry: false });
      errors.push(await caught(new AlpacaBroker({ keyId: KEY_ID, secretKey: 'wrong-secret', paper: true, tradingUrl: server.url }).listPositions()));
      errors.push(await caught(broker.getOrder('missing')));
      errors.push(await caught(broker.submitEntry({ ...entry('bad'), limitPrice: Price.of('1.001') })));
      market.failNext(1);
      errors.push(await caught(broker.listPositions()));
      market.timeoutAfterAcceptNext();
      errors.push(await caught(broker.submitEntry(entry('lost'))));
      expect(errors.map((e) => (e as Error).name)).toEqual(['Rejected', 'NotFound', 'Rejected', 'Transient', 'Ambiguous']);
      for (const error of errors) {
        const printed = [String(error), (error as Error).stack, JSON.stringify(error), inspect(error, { depth: 5 })].join('\n');
        expect(printed).not.toContain(SECRET);
        expect(printed).not.toContain(KEY_ID);
      }
      expect(inspect(broker, { depth: 5 })).not.toContain(SECRET);
      expect(JSON.stringify(broker)).not.toContain(SECRET);
    });

    it('refuses bad credentials as a permanent refusal', async () => {
      const broker = new AlpacaBroker({ keyId: KEY_ID, secretKey: 'wrong-secret', paper: true, tradingUrl: server.url, dataUrl: server.url });
      expect(await caught(broker.getClock())).toMatchObject({ kind: 'rejected', reason: 'forbidden', httpStatus: 401 });
    });
  });

  describe('when the connection never opens', () => {
    it('reports even a submit as Transient: nothing was sent', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const broker = new AlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, paper: true, tradingUrl: `http://127.0.0.1:${port}`, retry: false });
      expect(await caught(broker.submitEntry(entry('e-1')))).toBeInstanceOf(Transient);
      expect(await caught(broker.listOrders({ status: 'open' }))).toBeInstanceOf(Transient);
    });
  });

  describe('closing a position whose orders take a moment to cancel', () => {
    it('waits until Alpaca reports them cancelled before selling', async () => {
      const calls: string[] = [];
      let checks = 0;
      const order = (status: string, extra: Record<string, unknown> = {}) => ({
        id: 'stop-1',
        client_order_id: 'stop-1',
        symbol: 'AAPL',
        qty: '45',
        filled_qty: '0',
        type: 'stop',
        side: 'sell',
        time_in_force: 'gtc',
        stop_price: '130',
        status,
        order_class: '',
        submitted_at: '2026-11-23T15:00:00Z',
        notional: null,
        ...extra,
      });
      const fetchApi = mockFetch([
        { method: 'GET', path: '/v2/positions/AAPL', body: { symbol: 'AAPL', qty: '45', side: 'long', avg_entry_price: '140', current_price: '141' } },
        { method: 'GET', path: '/v2/orders', body: [order('new')] },
        { method: 'DELETE', path: '/v2/orders/stop-1', respond: () => (calls.push('cancel'), new Response(null, { status: 204 })) },
        { method: 'GET', path: '/v2/orders/stop-1', respond: () => order(++checks < 3 ? 'pending_cancel' : 'canceled') },
        {
          method: 'POST',
          path: '/v2/orders',
          respond: () => (
            calls.push(`sell after ${checks} checks`),
            order('accepted', { id: 'close-1', client_order_id: 'close-1', type: 'market', stop_price: null, time_in_force: 'day' })
          ),
        },
      ]);
      const broker = new AlpacaBroker({ keyId: KEY_ID, secretKey: SECRET, paper: true, fetchApi, rateLimit: false, cancelPollMs: 1 });
      const close = await broker.closePosition('AAPL', { clientOrderId: 'close-1' });
      expect(close).toMatchObject({ id: 'close-1', type: 'market', status: 'accepted' });
      expect(calls).toEqual(['cancel', 'sell after 3 checks']);
    });
  });
});
