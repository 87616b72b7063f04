import { BROKER_METHODS, BROKER_WRITES, type Broker } from '@trading-monitor/broker';

/** What a crash looks like from inside the process: the step stops dead after the broker acted. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * Passes every call to the real (simulated) broker, and throws right after the n-th call that
 * changed something at the broker returned: the broker has acted, the journal has not recorded it.
 * Optionally runs a hook at that moment instead (drop the database connections, say).
 */
export function crashingBroker(inner: Broker, crashAfterMutation: number, atCrash?: () => Promise<void>): Broker & { mutations(): number } {
  let mutations = 0;
  const wrapper = { mutations: () => mutations } as Broker & { mutations(): number };
  for (const method of BROKER_METHODS) {
    const original = inner[method];
    (wrapper as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const result = await (original as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      if (BROKER_WRITES.includes(method) && ++mutations === crashAfterMutation) {
        if (atCrash) await atCrash();
        else throw new SimulatedCrash(`crash after broker call ${mutations} (${method})`);
      }
      return result;
    };
  }
  return wrapper;
}

export interface DyingBroker extends Broker {
  mutations(): number;
  /** Where the process died, once it has. */
  crashed(): { method: keyof Broker; mutation: number; before: boolean } | null;
}

/**
 * A process that dies at its n-th mutating broker call: `before` the call leaves (the broker never
 * hears of it) or after it returned (the broker acted, the journal never heard). The open
 * transaction rolls back as the error unwinds it, and from then on every call throws: nothing more
 * reaches the broker from a dead process.
 */
export function dyingBroker(inner: Broker, options: { atMutation: number; before: boolean }): DyingBroker {
  let mutations = 0;
  let crash: { method: keyof Broker; mutation: number; before: boolean } | null = null;
  const wrapper = { mutations: () => mutations, crashed: () => crash } as DyingBroker;
  for (const method of BROKER_METHODS) {
    const original = inner[method] as (...a: unknown[]) => Promise<unknown>;
    (wrapper as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      if (crash) throw new SimulatedCrash(`the process died at broker call ${crash.mutation} (${crash.method}); nothing more is sent`);
      const dies = BROKER_WRITES.includes(method) && ++mutations === options.atMutation;
      if (dies && options.before) {
        crash = { method, mutation: mutations, before: true };
        throw new SimulatedCrash(`crash before broker call ${mutations} (${method})`);
      }
      const result = await original.apply(inner, args);
      if (dies) {
        crash = { method, mutation: mutations, before: false };
        throw new SimulatedCrash(`crash after broker call ${mutations} (${method})`);
      }
      return result;
    };
  }
  return wrapper;
}
