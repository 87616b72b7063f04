import { ManualClock, Price } from '@trading-monitor/domain';
import { AlpacaBroker } from '../alpaca/alpaca-broker';
import { newYorkTime } from '../new-york-time';
import { SimulatedBroker } from '../simulated/simulated-broker';
import { startAlpacaTestServer, type AlpacaTestServer } from '../testing/alpaca-test-server';
import { AlpacaTradeUpdateStream, tradeStreamUrlOf } from './alpaca-trade-update-stream';
import type { TradeUpdate } from './trade-update-stream';

describe('trade_updates over the loopback Alpaca server', () => {
  let market: SimulatedBroker;
  let server: AlpacaTestServer;
  let stream: AlpacaTradeUpdateStream;
  const events: TradeUpdate[] = [];

  beforeEach(async () => {
    events.length = 0;
    market = new SimulatedBroker({ clock: new ManualClock(newYorkTime('2026-11-23', '10:00')) });
    market.setPrices({ AAPL: '140.00' });
    server = await startAlpacaTestServer({ market });
    stream = new AlpacaTradeUpdateStream({ tradingUrl: server.url, keyId: server.keyId, secretKey: server.secretKey });
    stream.onEvent((e) => events.push(e));
  });

  afterEach(async () => {
    await stream.close();
    await server.close();
  });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  };

  it('maps the trading URL to its websocket', () => {
    expect(tradeStreamUrlOf('https://paper-api.alpaca.markets')).toBe('wss://paper-api.alpaca.markets/stream');
    expect(tradeStreamUrlOf('http://127.0.0.1:4000/')).toBe('ws://127.0.0.1:4000/stream');
  });

  it('authenticates, listens and receives new, partial_fill, fill, pending_cancel and canceled for orders placed through the REST adapter', async () => {
    await stream.connect();
    const broker = new AlpacaBroker({
      keyId: server.keyId,
      secretKey: server.secretKey,
      paper: true,
      tradingUrl: server.url,
      dataUrl: server.url,
      rateLimit: false,
    });
    const entry = await broker.submitEntry({
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      type: 'limit',
      limitPrice: Price.of('139.00'),
      timeInForce: 'day',
      clientOrderId: 'tm-e1',
    });
    await until(() => events.some((e) => e.orderId === entry.id && e.event === 'new'));
    market.setLiquidity('AAPL', 4);
    market.setPrice('AAPL', '138.50');
    await until(() => events.some((e) => e.orderId === entry.id && e.event === 'partial_fill'));
    market.setLiquidity('AAPL', undefined);
    market.setPrice('AAPL', '138.40');
    await until(() => events.some((e) => e.orderId === entry.id && e.event === 'fill'));
    const fill = events.find((e) => e.event === 'fill')!;
    expect(fill).toMatchObject({ clientOrderId: 'tm-e1', symbol: 'AAPL', status: 'filled', qty: '6' });
    const other = await broker.submitEntry({
      symbol: 'AAPL',
      side: 'buy',
      qty: 1,
      type: 'limit',
      limitPrice: Price.of('100.00'),
      timeInForce: 'day',
      clientOrderId: 'tm-e2',
    });
    await broker.cancelOrder(other.id);
    // As at Alpaca: pending_cancel when the cancel is accepted, canceled once the venue confirms it.
    await until(() => events.some((e) => e.orderId === other.id && e.event === 'pending_cancel'));
    market.confirmCancels();
    await until(() => events.some((e) => e.orderId === other.id && e.event === 'canceled'));
  });

  it('refuses a wrong key with a clear message', async () => {
    const wrong = new AlpacaTradeUpdateStream({ tradingUrl: server.url, keyId: 'nope', secretKey: 'nope' });
    await expect(wrong.connect()).rejects.toThrow('refused the API key');
  });

  it('reports a dropped connection once', async () => {
    const downs: string[] = [];
    stream.onDown((reason) => downs.push(reason));
    await stream.connect();
    server.stream.dropClients();
    await until(() => downs.length === 1);
    expect(downs[0]).toMatch(/closed|error/);
  });

  it('fails to connect while the server refuses the upgrade', async () => {
    server.stream.refuse(true);
    await expect(stream.connect()).rejects.toThrow(/stream/);
  });
});
