import { executeDecisions, monitorOrders, monitorPositions } from '@trading-monitor/workflows';
import { ENTRY_PRICE, openWorld } from './bench-world';
import { naiveMonitorOrders, naiveMonitorPositions } from './naive-monitor';

/**
 * Every code path once on a small book, unmeasured: the first run of anything in a fresh process
 * pays for compiling it (and the first queries for planning), which would be charged to whichever
 * scenario happens to come first.
 */
export async function warmUp(adminUrl: string): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const world = await openWorld(adminUrl);
    try {
      const symbols = await world.seedNewTrades(40);
      await executeDecisions(world.deps());
      await monitorOrders(world.deps());
      await naiveMonitorOrders(world.deps());
      for (const symbol of symbols.slice(0, 20)) world.sim.setPrice(symbol, ENTRY_PRICE);
      await (round === 0 ? monitorOrders(world.deps()) : naiveMonitorOrders(world.deps()));
      await monitorPositions(world.deps());
      await naiveMonitorPositions(world.deps());
    } finally {
      await world.close();
    }
  }
}
