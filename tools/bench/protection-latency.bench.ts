import type { Broker, ProtectionOrderRequest } from '@trading-monitor/broker';
import { executeDecisions, monitorOrders } from '@trading-monitor/workflows';
import { ENTRY_PRICE, openWorld } from './bench-world';
import { naiveMonitorOrders } from './naive-monitor';
import { OPEN_ORDERS } from './monitor-orders.bench';

export interface LatencyFigures {
  fills: number;
  /** From the start of the order-monitor cycle that sees the fill to the broker accepting the protection. */
  medianMs: number;
  maxMs: number;
}

/**
 * Entry fill to protection at the broker, inside the cycle that sees the fill (in production add up
 * to the 5-minute polling interval): `fills` entries fill among 500 open orders, and the time each
 * protective order is accepted is taken from the start of the cycle.
 */
export async function benchProtectionLatency(adminUrl: string, fills: number, naive = false): Promise<LatencyFigures> {
  const world = await openWorld(adminUrl);
  try {
    const symbols = await world.seedNewTrades(OPEN_ORDERS);
    await executeDecisions(world.deps());
    for (const symbol of symbols.slice(0, fills)) world.sim.setPrice(symbol, ENTRY_PRICE);
    const accepted: number[] = [];
    const timed = Object.create(world.counting) as Broker;
    timed.submitProtection = async (request: ProtectionOrderRequest) => {
      const orders = await world.counting.submitProtection(request);
      accepted.push(performance.now());
      return orders;
    };
    const start = performance.now();
    await (naive ? naiveMonitorOrders(world.deps(timed)) : monitorOrders(world.deps(timed)));
    if (accepted.length !== fills) throw new Error(`${accepted.length} protective orders for ${fills} fills.`);
    const latencies = accepted.map((at) => at - start).sort((a, b) => a - b);
    return { fills, medianMs: latencies[Math.floor((latencies.length - 1) / 2)], maxMs: latencies[latencies.length - 1] };
  } finally {
    await world.close();
  }
}
