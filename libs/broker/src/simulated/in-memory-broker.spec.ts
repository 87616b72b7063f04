import { ManualClock } from '@trading-monitor/domain';
import { inMemoryBroker } from './in-memory-broker';
import { SimulatedBroker } from './simulated-broker';

describe('inMemoryBroker', () => {
  it('saves nothing where the simulator alone would refuse (no state file), and answers as the simulator', async () => {
    const sim = new SimulatedBroker({ clock: new ManualClock(new Date('2025-01-14T15:00:00Z')) });
    await expect(sim.persist()).rejects.toThrow('no state file');
    const broker = inMemoryBroker(sim);
    await expect(broker.persist()).resolves.toBeUndefined();
    expect(broker.kind).toBe('simulated');
    expect(await broker.listPositions()).toEqual(await sim.listPositions());
  });
});
