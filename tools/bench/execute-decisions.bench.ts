import { executeDecisions } from '@trading-monitor/workflows';
import { openWorld } from './bench-world';
import type { BenchRow } from './table';

export const DECISIONS = 1_000;

/** 1,000 approved NEW_TRADE decisions, one execute run: one submit per decision is the floor. */
export async function benchExecuteDecisions(adminUrl: string): Promise<BenchRow> {
  const world = await openWorld(adminUrl);
  try {
    await world.seedNewTrades(DECISIONS);
    let placed = 0;
    const product = await world.measure(async () => {
      placed = (await executeDecisions(world.deps())).counts.placed;
    });
    if (placed !== DECISIONS) throw new Error(`Only ${placed} of ${DECISIONS} decisions were placed.`);
    return { scenario: `execute ${DECISIONS.toLocaleString('en-US')} decisions`, product };
  } finally {
    await world.close();
  }
}
