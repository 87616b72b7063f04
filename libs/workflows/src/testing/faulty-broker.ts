import { Ambiguous, BROKER_METHODS, BROKER_WRITES, Transient, replacementClientOrderId, type Broker } from '@trading-monitor/broker';
import type { SeededRandom } from './seeded-random';

export interface BrokerFaultOptions {
  random: SeededRandom;
  /** Share of calls that fail, 0.2 for one in five. */
  rate: number;
  /** Share of calls after which `drop` runs (every database connection killed, say). */
  dropRate?: number;
  drop?: () => Promise<void>;
}

export interface FaultCounts {
  /** Refused before reaching the broker: rate limit, 5xx, timeout. */
  transient: number;
  /** Order created, answer lost. */
  ambiguousCreated: number;
  /** Answer lost, order never created. */
  ambiguousLost: number;
  /** Cancel done at the broker, answer lost. */
  lostCancelReply: number;
  drops: number;
}

export type FaultyBroker = Broker & { faults(): FaultCounts };

const TRANSIENT = ['rate limited (HTTP 429); retry later', 'the broker failed the request (HTTP 503)', 'the request timed out before the broker answered'];

/**
 * A broker that fails the way Alpaca does, at a seeded rate: reads and submits refused as rate
 * limited, 5xx or timed out; submits whose answer is lost after the order was created (or before);
 * cancels done at the broker whose answer is lost. Optionally drops the database at random calls.
 */
export function faultyBroker(inner: Broker, options: BrokerFaultOptions): FaultyBroker {
  const { random, rate } = options;
  const counts: FaultCounts = { transient: 0, ambiguousCreated: 0, ambiguousLost: 0, lostCancelReply: 0, drops: 0 };
  const wrapper = { faults: () => ({ ...counts }) } as FaultyBroker;
  for (const method of BROKER_METHODS) {
    const original = inner[method] as (...a: unknown[]) => Promise<unknown>;
    (wrapper as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const result = await attempt(method, args, original);
      if (options.drop && random.chance(options.dropRate ?? 0)) {
        counts.drops++;
        await options.drop();
      }
      return result;
    };
  }

  async function attempt(method: keyof Broker, args: unknown[], original: (...a: unknown[]) => Promise<unknown>): Promise<unknown> {
    if (!random.chance(rate)) return original.apply(inner, args);
    const mutating = BROKER_WRITES.includes(method);
    const kind = mutating ? random.int(0, 2) : 0;
    if (kind === 0) {
      counts.transient++;
      throw new Transient(`Simulated fault on ${method}: ${random.pick(TRANSIENT)}.`);
    }
    const created = kind === 1;
    if (created) await original.apply(inner, args);
    if (method === 'cancelOrder') {
      if (created) counts.lostCancelReply++;
      else counts.transient++;
      throw new Transient(`Simulated fault on cancelOrder: the request timed out${created ? ' after the broker cancelled' : ''}.`);
    }
    if (created) counts.ambiguousCreated++;
    else counts.ambiguousLost++;
    throw new Ambiguous(`Simulated timeout on ${method}: the order may or may not exist.`, clientOrderIdOf(method, args));
  }
  return wrapper;
}

function clientOrderIdOf(method: keyof Broker, args: unknown[]): string {
  const [first, second] = args as [unknown, { clientOrderId?: string } | undefined];
  if (method === 'submitEntry' || method === 'submitProtection') return (first as { clientOrderId: string }).clientOrderId;
  if (method === 'replaceOrder') return second?.clientOrderId ?? replacementClientOrderId(first as string);
  return second?.clientOrderId ?? '';
}
