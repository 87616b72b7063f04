import { campaignTimeout, runCampaign, seedRange, summarize } from './campaign';

// Two to four executors and monitors at once, each on its own pool against the one database (a
// second scheduler, a CLI run, a retry), at every step of the day; half the runs with broker faults.
it(
  '2 to 4 executors and monitors at once: no decision taken twice, no order doubled, every invariant holds',
  async () => {
    const report = await runCampaign({
      name: 'concurrent processes',
      spec: 'src/fault-injection/concurrent-processes.int.spec.ts',
      seeds: seedRange(300_001, 50),
      lanes: 2,
      otherProcesses: 3,
      chaos: (seed, otherProcesses) => ({ otherProcesses, faultRate: seed % 2 === 0 ? 0.2 : 0 }),
    });
    console.log(summarize('concurrent processes', report));
    expect(report.failures).toEqual([]);
  },
  campaignTimeout(180_000),
);
