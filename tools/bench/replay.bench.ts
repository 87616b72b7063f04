import { SimulatedBroker } from '@trading-monitor/broker';
import { silentLogger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { createDataSource, setupDatabase } from '@trading-monitor/persistence';
import { SeededBars, replayRange, type ReplayResult } from '@trading-monitor/replay';
import { createTestDatabase, startTestServer } from '@trading-monitor/test-harness';
import { cpus, loadavg } from 'node:os';

export const REPLAY_SYMBOLS = 20;
export const REPLAY_FROM = '2025-09-02';
export const REPLAY_TO = '2025-11-28';

export interface ReplayFigures {
  symbols: number;
  days: number;
  bars: number;
  barsPlayed: number;
  decisions: number;
  trades: number;
  fills: number;
  jobRuns: ReplayResult['jobRuns'];
  /** Making the bars (the offline generator: what the cache read costs with Alpaca's). */
  barsMs: number;
  /** The whole replay: bars, decisions, days, report. */
  replayMs: number;
  /** CPU time of this process during the replay (PostgreSQL's own is not in it), and the machine's load then. */
  cpuMs: number;
  loadAverage: number;
  /** Peak resident memory of the process, and the heap in use after the replay. */
  maxRssMb: number;
  heapUsedMb: number;
}

/**
 * `replay` on 20 symbols × 3 months of 1-minute bars (about 490,000 bars, offline seeded bars) with
 * the sample decisions (one every third day per symbol), on a fresh database of the bench's server.
 */
export async function benchReplay(adminUrl: string): Promise<ReplayFigures> {
  const database = await createTestDatabase(adminUrl);
  const dataSource = await createDataSource(database.url).initialize();
  try {
    await setupDatabase(dataSource, { production: false });
    const clock = new ManualClock(new Date(`${REPLAY_FROM}T00:00:00Z`));
    const sim = new SimulatedBroker({ clock, cash: '1000000000' });
    const symbols = Array.from({ length: REPLAY_SYMBOLS }, (_, i) => `SYM${String(i + 1).padStart(2, '0')}`);
    const seeded = new SeededBars();
    let barsMs = 0;
    const timedBars = {
      description: seeded.description,
      load: async (request: Parameters<SeededBars['load']>[0]) => {
        const at = performance.now();
        const set = await seeded.load(request);
        barsMs = performance.now() - at;
        return set;
      },
    };
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await replayRange(
      dataSource,
      { dataSource, broker: sim, sim, clock, log: silentLogger() },
      {
        from: REPLAY_FROM,
        to: REPLAY_TO,
        symbols,
        sample: true,
        bars: timedBars,
      },
    );
    const replayMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return {
      symbols: symbols.length,
      days: result.days,
      bars: result.bars,
      barsPlayed: result.barsPlayed,
      decisions: result.decisions.length,
      trades: result.decisions.filter((d) => d.replayed).length,
      fills: result.fills,
      jobRuns: result.jobRuns,
      barsMs,
      replayMs,
      cpuMs: (used.user + used.system) / 1000,
      loadAverage: loadavg()[0],
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    };
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}

export function describeReplay(f: ReplayFigures): string[] {
  return [
    `replay: ${f.symbols} symbols × ${f.days} market days = ${f.bars.toLocaleString('en-US')} 1-minute bars (offline seeded), ${f.decisions} sample decisions, ${f.trades} trades`,
    `  ${(f.replayMs / 1000).toFixed(1)} s in all, target < 30 s (bars made in ${(f.barsMs / 1000).toFixed(1)} s; this process's CPU ${(f.cpuMs / 1000).toFixed(1)} s; load average ${f.loadAverage.toFixed(1)} on ${cpus().length} cores);`,
    `  ${f.barsPlayed.toLocaleString('en-US')} bars played against working orders, ${f.fills} fills;`,
    `  job runs: ${f.jobRuns['execute-decisions']} execute, ${f.jobRuns['monitor-orders']} monitor-orders, ${f.jobRuns['monitor-positions']} monitor-positions;`,
    `  memory: peak RSS ${f.maxRssMb} MB for the whole process (target < 500 MB), heap in use after ${f.heapUsedMb} MB`,
  ];
}

// Alone: `npx tsx --tsconfig tsconfig.base.json tools/bench/replay.bench.ts` (npm run bench runs it with the others).
if (require.main === module) {
  void (async () => {
    const server = await startTestServer();
    try {
      console.log(describeReplay(await benchReplay(server.adminUrl)).join('\n'));
    } finally {
      await server.stop();
    }
  })();
}
