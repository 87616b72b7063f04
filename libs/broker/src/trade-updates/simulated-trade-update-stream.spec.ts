import { ManualClock, Price } from '@trading-monitor/domain';
import { newYorkTime } from '../new-york-time';
import { SimulatedBroker } from '../simulated/simulated-broker';
import { SimulatedTradeUpdateStream } from './simulated-trade-update-stream';
import type { TradeUpdate } from './trade-update-stream';

describe('trade_updates of the in-memory simulated broker (the demo)', () => {
  it('announces new, partial_fill, fill, pending_cancel and canceled once each, when published, as the Alpaca adapter would', async () => {
    const market = new SimulatedBroker({ clock: new ManualClock(newYorkTime('2026-11-23', '10:00')) });
    market.setPrices({ AAPL: '140.00' });
    const stream = new SimulatedTradeUpdateStream(market);
    const events: TradeUpdate[] = [];
    stream.onEvent((e) => events.push(e));
    expect(stream.publish()).toBe(0); // not connected yet
    await stream.connect();

    const entry = await market.submitEntry({
      symbol: 'AAPL',
      side: 'buy',
      qty: 10,
      type: 'limit',
      limitPrice: Price.of('139.00'),
      timeInForce: 'day',
      clientOrderId: 'tm-e1',
    });
    market.setLiquidity('AAPL', 4);
    market.setPrice('AAPL', '138.50');
    expect(stream.publish()).toBe(2);
    expect(events.map((e) => [e.event, e.qty ?? null, e.status])).toEqual([
      ['new', null, 'partially_filled'],
      ['partial_fill', '4', 'partially_filled'],
    ]);
    expect(stream.publish()).toBe(0); // nothing changed since

    market.setLiquidity('AAPL', undefined);
    market.setPrice('AAPL', '138.40');
    const other = await market.submitEntry({
      symbol: 'AAPL',
      side: 'buy',
      qty: 1,
      type: 'limit',
      limitPrice: Price.of('100.00'),
      timeInForce: 'day',
      clientOrderId: 'tm-e2',
    });
    await market.cancelOrder(other.id);
    stream.publish();
    expect(events.slice(2).map((e) => [e.orderId, e.event, e.qty ?? null])).toEqual([
      [entry.id, 'fill', '6'],
      [other.id, 'new', null],
      [other.id, 'pending_cancel', null], // Alpaca's cancels are asynchronous: requested, then confirmed
    ]);
    market.confirmCancels();
    stream.publish();
    expect(events.slice(5).map((e) => [e.orderId, e.event])).toEqual([[other.id, 'canceled']]);
    expect(events[2]).toMatchObject({ clientOrderId: 'tm-e1', symbol: 'AAPL', status: 'filled', price: '138.44' }); // Alpaca's `price`: the average price per share of the filled shares
  });
});
