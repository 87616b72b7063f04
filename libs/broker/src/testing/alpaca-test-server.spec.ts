import { ManualClock } from '@trading-monitor/domain';
import { newYorkTime } from '../new-york-time';
import { SimulatedBroker } from '../simulated/simulated-broker';
import { startAlpacaTestServer, type AlpacaTestServer } from './alpaca-test-server';

describe('Alpaca test server', () => {
  let market: SimulatedBroker;
  let server: AlpacaTestServer;

  beforeEach(async () => {
    market = new SimulatedBroker({ clock: new ManualClock(newYorkTime('2026-11-23', '10:00')) });
    market.setPrices({ AAPL: '140.00', MSFT: '410.25' });
    server = await startAlpacaTestServer({ market });
  });

  afterEach(() => server.close());

  const call = (method: string, path: string, body?: unknown, auth = true) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(auth ? { 'APCA-API-KEY-ID': server.keyId, 'APCA-API-SECRET-KEY': server.secretKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('listens on 127.0.0.1 and refuses requests without the key headers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await call('GET', '/v2/clock', undefined, false);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 40110000, message: 'request is not authorized' });
  });

  it("answers in Alpaca's wire format: snake_case, decimals as strings, legs nested", async () => {
    await call('POST', '/v2/orders', { symbol: 'AAPL', qty: '45', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'e' });
    const response = await call('POST', '/v2/orders', {
      symbol: 'AAPL',
      qty: '45',
      side: 'sell',
      type: 'limit',
      time_in_force: 'gtc',
      order_class: 'oco',
      client_order_id: 'oco-1',
      take_profit: { limit_price: '150.5' },
      stop_loss: { stop_price: '130' },
    });
    expect(response.status).toBe(200);
    const order = (await response.json()) as Record<string, unknown> & { legs: Record<string, unknown>[] };
    expect(order).toMatchObject({
      client_order_id: 'oco-1',
      qty: '45',
      filled_qty: '0',
      filled_avg_price: null,
      limit_price: '150.5',
      order_class: 'oco',
      type: 'limit',
      status: 'new',
      time_in_force: 'gtc',
      side: 'sell',
    });
    expect(order.legs).toHaveLength(1);
    expect(order.legs[0]).toMatchObject({ type: 'stop', stop_price: '130', status: 'held', order_class: 'oco' });
    const position = ((await (await call('GET', '/v2/positions')).json()) as Record<string, unknown>[])[0];
    expect(position).toMatchObject({ symbol: 'AAPL', qty: '45', side: 'long', avg_entry_price: '140', market_value: '6300', cost_basis: '6300' });
  });

  it('sends Alpaca error bodies with the right status', async () => {
    const order = { symbol: 'AAPL', qty: '45', side: 'sell', type: 'limit', limit_price: '150', time_in_force: 'day', client_order_id: 'x' };
    await call('POST', '/v2/orders', { ...order, side: 'buy', limit_price: '130', client_order_id: 'buy' });
    const wash = await call('POST', '/v2/orders', { ...order, limit_price: '129' });
    expect([wash.status, await wash.json()]).toEqual([403, { code: 40310000, message: 'potential wash trade detected. use complex orders' }]);
    const missing = await call('GET', '/v2/orders/nope');
    expect([missing.status, await missing.json()]).toEqual([404, { code: 40410000, message: 'order not found' }]);
    const unknown = await call('GET', '/v2/account');
    expect(unknown.status).toBe(404);
  });

  it('answers a rate limit with 429 and Retry-After', async () => {
    market.rateLimitNext(1, 2000);
    const response = await call('GET', '/v2/positions');
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '2']);
    expect(await response.json()).toEqual({ code: 42910000, message: 'rate limit exceeded' });
  });

  it('serves the latest trades with prices as JSON numbers, written exactly', async () => {
    const text = await (await call('GET', '/v2/stocks/trades/latest?symbols=AAPL,MSFT,ZZZZ')).text();
    expect(text).toContain('"AAPL":{"t":"2026-11-23T15:00:00.000Z","x":"V","p":140,');
    expect(text).toContain('"p":410.25');
    expect(text).not.toContain('ZZZZ');
  });

  it('serves the calendar as Alpaca does, wall times in New York', async () => {
    const days = (await (await call('GET', '/v2/calendar?start=2026-11-25&end=2026-11-27')).json()) as unknown[];
    expect(days).toEqual([
      { date: '2026-11-25', open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: '2026-11-27' },
      { date: '2026-11-27', open: '09:30', close: '13:00', session_open: '0400', session_close: '1700', settlement_date: '2026-11-30' },
    ]);
  });

  it('drops the connection when an order is accepted but its answer is to be lost', async () => {
    market.timeoutAfterAcceptNext();
    await expect(
      call('POST', '/v2/orders', { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '100', time_in_force: 'day', client_order_id: 'lost' }),
    ).rejects.toThrow();
    expect((await market.getOrderByClientId('lost')).status).toBe('new');
  });
});
