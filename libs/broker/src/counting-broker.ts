import type { Broker } from './broker';
import { BROKER_METHODS, type BrokerMethod } from './broker-methods';

export interface CountingBroker extends Broker {
  /** Calls per method since the last reset; methods never called are 0. */
  counts(): Record<BrokerMethod, number>;
  total(): number;
  reset(): void;
}

/**
 * Wraps any Broker and counts the calls per method (failed calls included: they cost a request
 * too), so benchmarks and tests can hold a job to "broker calls per cycle".
 */
export function countingBroker(inner: Broker): CountingBroker {
  let calls = new Map<BrokerMethod, number>();
  const counting = {
    counts: () => Object.fromEntries(BROKER_METHODS.map((method) => [method, calls.get(method) ?? 0])) as Record<BrokerMethod, number>,
    total: () => [...calls.values()].reduce((sum, count) => sum + count, 0),
    reset: () => {
      calls = new Map();
    },
  } as CountingBroker;
  for (const method of BROKER_METHODS) {
    const original = inner[method] as (...args: unknown[]) => unknown;
    (counting as unknown as Record<BrokerMethod, unknown>)[method] = (...args: unknown[]) => {
      calls.set(method, (calls.get(method) ?? 0) + 1);
      return original.apply(inner, args);
    };
  }
  return counting;
}
