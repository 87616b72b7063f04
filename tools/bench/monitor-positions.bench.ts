import { executeDecisions, monitorOrders, monitorPositions } from '@trading-monitor/workflows';
import { ENTRY_PRICE, median, openWorld, type BenchWorld, type Measured } from './bench-world';
import { naiveMonitorPositions } from './naive-monitor';
import type { BenchRow } from './table';

export const POSITIONS = 200;

/** 200 protected positions whose prices moved since the last mark. */
async function positions(adminUrl: string): Promise<BenchWorld> {
  const world = await openWorld(adminUrl);
  const symbols = await world.seedNewTrades(POSITIONS);
  await executeDecisions(world.deps());
  for (const symbol of symbols) world.sim.setPrice(symbol, ENTRY_PRICE);
  await monitorOrders(world.deps());
  for (const symbol of symbols) world.sim.setPrice(symbol, '51.25');
  return world;
}

/** One position-monitor cycle over 200 positions, the product's and the naive one; the median of three on one book. */
export async function benchMonitorPositions(adminUrl: string): Promise<BenchRow> {
  const measure = async (cycle: (world: BenchWorld) => Promise<unknown>): Promise<Measured> => {
    const world = await positions(adminUrl);
    try {
      const runs: Measured[] = [];
      for (let i = 0; i < 3; i++) runs.push(await world.measure(() => cycle(world)));
      return median(runs);
    } finally {
      await world.close();
    }
  };
  const product = await measure((world) => monitorPositions(world.deps()));
  const naive = await measure((world) => naiveMonitorPositions(world.deps()));
  return { scenario: `monitorPositions, ${POSITIONS} positions`, product, naive };
}
