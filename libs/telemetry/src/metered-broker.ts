import type { Broker, ManagedBroker } from '@trading-monitor/broker';

/** Every request of the broker port. `satisfies` makes a new port method a compile error here until listed. */
const ENDPOINTS = {
  submitEntry: true,
  submitProtection: true,
  cancelOrder: true,
  replaceOrder: true,
  getOrder: true,
  getOrderByClientId: true,
  listOrders: true,
  listPositions: true,
  closePosition: true,
  latestPrices: true,
  getClock: true,
  getCalendar: true,
} as const satisfies Record<keyof Broker, true>;

/**
 * The broker with every request counted by port method, and every failure by error type (the
 * port's own: Rejected, NotFound, Transient, Ambiguous). A Proxy, so `kind`, `persist` and
 * anything else of the broker pass through untouched.
 */
export function meteredBroker<B extends ManagedBroker>(broker: B, record: (endpoint: string, error?: unknown) => void): B {
  return new Proxy(broker, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !Object.hasOwn(ENDPOINTS, property)) return value;
      const endpoint = property as keyof Broker;
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
