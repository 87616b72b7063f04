import { SimulatedBroker, type Broker } from '@trading-monitor/broker';
import { ManualClock } from '@trading-monitor/domain';
import { freshPositions } from './fresh-positions';

// A broker whose listPositions answers only when the test says, so reads can overlap events.
function gatedBroker(sim: SimulatedBroker) {
  const gates: Array<() => void> = [];
  let reads = 0;
  const broker = new Proxy(sim, {
    get: (target, name) => {
      if (name === 'listPositions') {
        return async () => {
          reads++;
          const snapshot = await target.listPositions(); // what the broker held when the read started
          await new Promise<void>((resolve) => gates.push(resolve));
          return snapshot;
        };
      }
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Broker;
  return { broker, reads: () => reads, release: () => gates.splice(0).forEach((open) => open()) };
}

describe('positions shared by the stream syncs of a burst', () => {
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('an event that arrived before a read started never sees that read: it waits for a read of its own', async () => {
    const sim = new SimulatedBroker({ clock: new ManualClock(new Date('2025-01-15T15:00:00Z')) });
    const gated = gatedBroker(sim);
    const positions = freshPositions(gated.broker);

    const first = positions.ticket();
    const early = positions.since(first).heldFor('NVDA', 'buy');
    await flush();
    expect(gated.reads()).toBe(1);

    // NVDA fills while the first read is under way; its event arrives now.
    sim.setPrices({ NVDA: '100.00' });
    await sim.submitEntry({ symbol: 'NVDA', side: 'buy', qty: 10, type: 'market', timeInForce: 'day', clientOrderId: 'tm-e-1' });
    const second = positions.ticket();
    const late = positions.since(second).heldFor('NVDA', 'buy');
    await flush();
    expect(gated.reads()).toBe(2); // the read under way started before the fill's event: not reused
    gated.release();
    await flush();
    gated.release();
    expect(await early).toBe(0);
    expect(await late).toBe(10);

    // Events that arrived before the next read started share it: one read for all of them.
    const tickets = [positions.ticket(), positions.ticket(), positions.ticket()];
    const views = tickets.map((t) => positions.since(t).heldFor('NVDA', 'buy'));
    await flush();
    gated.release();
    expect(await Promise.all(views)).toEqual([10, 10, 10]);
    expect(gated.reads()).toBe(3);
  });

  it('a failed read is not shared and is tried again; after three failures the broker cannot say (null)', async () => {
    let calls = 0;
    const failing = { listPositions: async () => (calls++, Promise.reject(new Error('503'))) } as unknown as Broker;
    const positions = freshPositions(failing);
    expect(await positions.since(positions.ticket()).heldFor('NVDA', 'buy')).toBeNull();
    expect(calls).toBe(3);
  });
});
