import { ManualClock, Price } from '@trading-monitor/domain';
import { countingBroker } from './counting-broker';
import { newYorkTime } from './new-york-time';
import { SimulatedBroker } from './simulated/simulated-broker';

describe('countingBroker', () => {
  it('counts calls per method, failed ones included, until reset', async () => {
    const market = new SimulatedBroker({ clock: new ManualClock(newYorkTime('2026-11-23', '10:00')) });
    const broker = countingBroker(market);
    await broker.submitEntry({
      symbol: 'AAPL',
      side: 'buy',
      qty: 1,
      type: 'limit',
      limitPrice: Price.of('100.00'),
      timeInForce: 'day',
      clientOrderId: 'a',
    });
    await broker.listOrders({ status: 'open' });
    await broker.listOrders({ status: 'closed' });
    await expect(broker.getOrder('missing')).rejects.toMatchObject({ kind: 'not_found' });

    expect(broker.counts()).toMatchObject({ submitEntry: 1, listOrders: 2, getOrder: 1, listPositions: 0 });
    expect(broker.total()).toBe(4);
    broker.reset();
    expect(broker.total()).toBe(0);
    expect(Object.values(broker.counts()).every((n) => n === 0)).toBe(true);
    expect(Object.keys(broker.counts())).toHaveLength(12);
  });
});
