import { ManualClock, Price } from '@trading-monitor/domain';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newYorkTime as ny } from '../new-york-time';
import { SimulatedBroker } from './simulated-broker';

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'sim-broker-')), 'nested', 'state.json');
}

async function busyAccount(clock: ManualClock, stateFile?: string): Promise<SimulatedBroker> {
  const broker = new SimulatedBroker({ clock, stateFile, cash: '50000' });
  broker.setPrices({ AAPL: '140.00', MSFT: '410.25' });
  broker.randomWalk('NVDA', { seed: 42, start: '133.80' });
  broker.scriptPrices('MSFT', ['409.00', '399.00']);
  broker.setLiquidity('MSFT', 3);
  await broker.submitEntry({ symbol: 'AAPL', side: 'buy', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'entry' });
  await broker.submitProtection({
    kind: 'oco',
    symbol: 'AAPL',
    side: 'sell',
    qty: 45,
    stopPrice: Price.of('130.00'),
    takeProfitPrice: Price.of('150.00'),
    timeInForce: 'gtc',
    clientOrderId: 'oco',
  });
  const partial = await broker.submitEntry({
    symbol: 'MSFT',
    side: 'buy',
    qty: 10,
    type: 'limit',
    limitPrice: Price.of('400.00'),
    timeInForce: 'gtc',
    clientOrderId: 'msft',
  });
  broker.fill(partial.id, 4, '399.95');
  broker.failNext(1);
  return broker;
}

describe('simulated broker state', () => {
  it('round-trips the whole account through the state file', async () => {
    const clock = new ManualClock(ny('2026-11-23', '10:00'));
    const path = tempFile();
    const original = await busyAccount(clock, path);
    await original.persist();

    const reopened = SimulatedBroker.open({ clock, stateFile: path });
    expect(reopened.toState()).toEqual(original.toState());
  });

  it('writes every decimal as a string', async () => {
    const clock = new ManualClock(ny('2026-11-23', '10:00'));
    const path = tempFile();
    await (await busyAccount(clock, path)).persist();
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('"cash": "42100.2"');
    expect(text).toContain('"limitPrice": "150.00"');
    expect(text).toContain('"avgEntryPrice": "140.00"');
    expect(text).not.toMatch(/"(price|limitPrice|stopPrice|avgEntryPrice|cash)": \d/);
  });

  it('lets one command continue where the last one stopped: fills, OCO, walk and faults carry on', async () => {
    const clock = new ManualClock(ny('2026-11-23', '10:00'));
    const path = tempFile();
    const first = await busyAccount(clock, path);
    await first.persist();

    const twin = SimulatedBroker.fromState(first.toState(), { clock });
    const second = SimulatedBroker.open({ clock, stateFile: path });
    await expect(second.listPositions()).rejects.toMatchObject({ kind: 'transient' });
    await expect(twin.listPositions()).rejects.toMatchObject({ kind: 'transient' });
    expect([...second.step(3)]).toEqual([...twin.step(3)]);
    // The MSFT limit met the scripted 399.00 once, with 3 shares of liquidity: 4 + 3.
    expect((await second.getOrderByClientId('msft')).filledQty).toBe(7);
    expect((await twin.getOrderByClientId('msft')).filledQty).toBe(7);

    clock.set(ny('2026-11-24', '10:00'));
    second.setPrice('AAPL', '151.00');
    const [takeProfit, stop] = await second.listOrders({ status: 'all', symbols: ['AAPL'] }).then((orders) => orders.slice(1));
    expect([takeProfit.status, stop.status]).toEqual(['filled', 'canceled']);
    // The next open matched it again at 399.00, and liquidity allowed the last 3.
    expect((await second.getOrderByClientId('msft')).filledQty).toBe(10);
  });

  it('opens a fresh account when there is no file yet, and refuses one it cannot read', () => {
    const clock = new ManualClock(ny('2026-11-23', '10:00'));
    const path = tempFile();
    expect(SimulatedBroker.open({ clock, stateFile: path }).toState().orders).toEqual([]);
    const broken = join(mkdtempSync(join(tmpdir(), 'sim-broker-')), 'broken.json');
    writeFileSync(broken, '{ not json');
    expect(() => SimulatedBroker.open({ clock, stateFile: broken })).toThrow(/not valid JSON/);
    writeFileSync(broken, '{"version": 9}');
    expect(() => SimulatedBroker.open({ clock, stateFile: broken })).toThrow(/not a version 1 state file/);
  });

  it('has nowhere to persist without a state file', async () => {
    const broker = new SimulatedBroker({ clock: new ManualClock(ny('2026-11-23', '10:00')) });
    await expect(broker.persist()).rejects.toThrow(/no state file/);
  });
});
