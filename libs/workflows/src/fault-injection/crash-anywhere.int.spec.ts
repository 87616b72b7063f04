import { campaignTimeout, runCampaign, seedRange, summarize } from './campaign';

// A process dies at a random mutating broker call, before it leaves or after the broker acted and
// before the journal recorded it; it restarts (half the time to die once more) and the day goes on.
// One clean cycle later, every invariant of testing/consistency.ts holds.
const SEEDS = seedRange(1, 240);

it(
  'crashes anywhere in the lifecycle: no duplicate order, no lost fill, no unprotected share, P&L to the cent',
  async () => {
    const report = await runCampaign({
      name: 'crash anywhere',
      spec: 'src/fault-injection/crash-anywhere.int.spec.ts',
      seeds: SEEDS,
      lanes: 3,
      chaos: () => ({ crash: true }),
    });
    console.log(summarize('crash anywhere', report), Object.fromEntries(report.crashPoints));
    expect(report.failures).toEqual([]);
    if (report.runs === SEEDS.length) expect(report.crashed).toBeGreaterThanOrEqual(180);
    if (report.runs > 1) {
      // Spread over the lifecycle: both jobs that act at the broker, before and after it acted. (The
      // position monitor rarely acts: the order monitor runs first and closes what vanished.)
      const points = [...report.crashPoints.keys()];
      for (const job of ['execute', 'monitorOrders']) expect(points.filter((p) => p.startsWith(`${job}/`))).not.toEqual([]);
      for (const when of ['before', 'after']) expect(points.filter((p) => p.endsWith(`/${when}`))).not.toEqual([]);
    }
  },
  campaignTimeout(300_000),
);
