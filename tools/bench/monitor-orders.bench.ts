import { executeDecisions, monitorOrders } from '@trading-monitor/workflows';
import { ENTRY_PRICE, median, openWorld, type BenchWorld, type Measured } from './bench-world';
import { naiveMonitorOrders } from './naive-monitor';
import type { BenchRow } from './table';

export const OPEN_ORDERS = 500;
export const CHANGED = 50;
const REPEATS = 3;

/** A book of `OPEN_ORDERS` working entries, `changed` of them filled since the last cycle. */
async function bookWith(adminUrl: string, changed: number): Promise<BenchWorld> {
  const world = await openWorld(adminUrl);
  const symbols = await world.seedNewTrades(OPEN_ORDERS);
  await executeDecisions(world.deps());
  for (const symbol of symbols.slice(0, changed)) world.sim.setPrice(symbol, ENTRY_PRICE);
  return world;
}

/**
 * One order-monitor cycle over 500 open orders, the product's and the naive one, on equal books;
 * the median of three. A cycle with nothing changed changes nothing, so it repeats on one book;
 * a cycle with fills needs a fresh book each time.
 */
export async function benchMonitorOrders(adminUrl: string, changed: number): Promise<BenchRow> {
  const measure = async (cycle: (world: BenchWorld) => Promise<unknown>): Promise<Measured> => {
    const runs: Measured[] = [];
    let world: BenchWorld | undefined;
    try {
      for (let i = 0; i < REPEATS; i++) {
        if (!world || changed > 0) {
          await world?.close();
          world = await bookWith(adminUrl, changed);
        }
        const current = world;
        runs.push(await current.measure(() => cycle(current)));
      }
    } finally {
      await world?.close();
    }
    return median(runs);
  };
  const product = await measure((world) => monitorOrders(world.deps()));
  const naive = await measure((world) => naiveMonitorOrders(world.deps()));
  const what = changed === 0 ? 'none changed' : `${changed} filled`;
  return { scenario: `monitorOrders, ${OPEN_ORDERS} open, ${what}`, product, naive };
}
