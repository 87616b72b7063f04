import type { ManagedBroker } from '../create-broker';
import type { SimulatedBroker } from './simulated-broker';

/**
 * The simulator as the runtime holds a broker, with nothing to save: `persist()` does nothing, for a
 * market that lives for one run (the demo's, the replay's). Every other call goes to the simulator.
 */
export function inMemoryBroker(sim: SimulatedBroker): ManagedBroker {
  return new Proxy(sim, {
    get(target, property) {
      if (property === 'persist') return async () => undefined;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
