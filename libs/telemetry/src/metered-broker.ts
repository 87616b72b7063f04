import { BROKER_METHODS, type BrokerMethod, type ManagedBroker } from '@trading-monitor/broker';

const ENDPOINTS: ReadonlySet<PropertyKey> = new Set(BROKER_METHODS);

/**
 * The broker with every request counted by port method, and every failure by error type (the
 * port's own: Rejected, NotFound, Transient, Ambiguous). A Proxy, so `kind`, `persist` and
 * anything else of the broker pass through untouched.
 */
export function meteredBroker<B extends ManagedBroker>(broker: B, record: (endpoint: string, error?: unknown) => void): B {
  return new Proxy(broker, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !ENDPOINTS.has(property)) return value;
      const endpoint = property as BrokerMethod;
      return async (...args: unknown[]) => {
        try {
          const result = await (value as (...a: unknown[]) => unknown).apply(target, args);
          record(endpoint);
          return result;
        } catch (error) {
          record(endpoint, error);
          throw error;
        }
      };
    },
  });
}
