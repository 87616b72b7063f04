import { campaignTimeout, runCampaign, seedRange, summarize } from './campaign';

// Every database connection is killed (as a network drop or a server restart would) right after a
// random broker call: the broker has acted, the transaction recording it is gone.
it(
  'database connections dropped mid-step: the next runs repair everything',
  async () => {
    const report = await runCampaign({
      name: 'dropped connections',
      spec: 'src/fault-injection/dropped-connections.int.spec.ts',
      seeds: seedRange(400_001, 40),
      lanes: 3,
      chaos: () => ({ dropRate: 0.1 }),
      // A job whose own reads fail with the database gone throws; the scheduler logs it and runs it again.
      toleratedJobError: /terminat|Connection terminated|connection/i,
    });
    console.log(summarize('dropped connections', report));
    expect(report.failures).toEqual([]);
    if (report.runs > 1) expect(report.faults.drops).toBeGreaterThan(30);
  },
  campaignTimeout(180_000),
);
