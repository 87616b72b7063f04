import { ManualClock, Price } from '@trading-monitor/domain';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlpacaBroker } from './alpaca/alpaca-broker';
import { createBroker } from './create-broker';
import { newYorkTime } from './new-york-time';
import { SimulatedBroker } from './simulated/simulated-broker';

describe('createBroker', () => {
  const clock = new ManualClock(newYorkTime('2026-11-23', '10:00'));

  it('gives commands run one after another the same simulated account', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'create-broker-')), 'simulated-broker.json');
    const first = createBroker({ kind: 'simulated', stateFile }, { clock });
    expect(first).toBeInstanceOf(SimulatedBroker);
    const order = await first.submitEntry({
      symbol: 'AAPL',
      side: 'buy',
      qty: 45,
      type: 'limit',
      limitPrice: Price.of('133.80'),
      timeInForce: 'gtc',
      clientOrderId: 'cli-1',
    });
    await first.persist();

    const second = createBroker({ kind: 'simulated', stateFile }, { clock });
    expect(await second.getOrderByClientId('cli-1')).toEqual(order);
  });

  it('gives an Alpaca adapter on the paper host, with nothing to persist', async () => {
    const broker = createBroker({ kind: 'alpaca', keyId: 'PK1', secretKey: 'secret', paper: true }, { clock });
    expect(broker).toBeInstanceOf(AlpacaBroker);
    expect((broker as AlpacaBroker).tradingUrl).toBe('https://paper-api.alpaca.markets');
    await expect(broker.persist()).resolves.toBeUndefined();
  });
});
