import type { Broker } from '@trading-monitor/broker';

/** What a crash looks like from inside the process: the step stops dead after the broker acted. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

const PORT: Array<keyof Broker> = [
  'submitEntry', 'submitProtection', 'cancelOrder', 'replaceOrder', 'getOrder', 'getOrderByClientId',
  'listOrders', 'listPositions', 'closePosition', 'latestPrices', 'getClock', 'getCalendar',
];
const MUTATING = new Set<keyof Broker>(['submitEntry', 'submitProtection', 'cancelOrder', 'replaceOrder', 'closePosition']);

/**
 * Passes every call to the real (simulated) broker, and throws right after the n-th call that
 * changed something at the broker returned: the broker has acted, the journal has not recorded it.
 * Optionally runs a hook at that moment instead (drop the database connections, say).
 */
export function crashingBroker(inner: Broker, crashAfterMutation: number, atCrash?: () => Promise<void>): Broker & { mutations(): number } {
  let mutations = 0;
  const wrapper = { mutations: () => mutations } as Broker & { mutations(): number };
  for (const method of PORT) {
    const original = inner[method];
    (wrapper as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const result = await (original as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      if (MUTATING.has(method) && ++mutations === crashAfterMutation) {
        if (atCrash) await atCrash();
        else throw new SimulatedCrash(`crash after broker call ${mutations} (${method})`);
      }
      return result;
    };
  }
  return wrapper;
}
