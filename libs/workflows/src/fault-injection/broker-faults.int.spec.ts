import { campaignTimeout, runCampaign, seedRange, summarize } from './campaign';

// One broker call in five fails as Alpaca's do: rate limited (429), 5xx, timed out; a submit whose
// answer is lost after the order was created, or before; a cancel done whose answer is lost.
it(
  'broker faults at 20%: every decision and fill comes through, nothing doubled, everything protected',
  async () => {
    const report = await runCampaign({
      name: 'broker faults at 20%',
      spec: 'src/fault-injection/broker-faults.int.spec.ts',
      seeds: seedRange(200_001, 80),
      lanes: 3,
      chaos: () => ({ faultRate: 0.2 }),
    });
    console.log(summarize('broker faults at 20%', report));
    expect(report.failures).toEqual([]);
    if (report.runs > 1) expect(report.faults.ambiguous).toBeGreaterThan(25);
  },
  campaignTimeout(180_000),
);
