import { newYorkDate, SimulatedBroker, inMemoryBroker } from '@trading-monitor/broker';
import { silentLogger, type Config, type Logger } from '@trading-monitor/config';
import { ManualClock, type BothInOneBar } from '@trading-monitor/domain';
import { openDatabase } from '@trading-monitor/persistence';
import { openRuntime } from '@trading-monitor/runtime';
import { join } from 'node:path';
import { AlpacaBars, type DataFeed } from './bars/alpaca-bars';
import type { BarSource } from './bars/day-bars';
import { SeededBars } from './bars/seeded-bars';
import type { DayProgress } from './replay-days';
import { replayRange, type ReplayResult } from './replay-range';
import { writeReplayHtml } from './replay-html';
import type { DecisionSelection } from './source-decisions';

/** The replay's scratch database on the embedded server: dropped and made afresh on every run, never the journal. */
export const REPLAY_DATABASE = 'trading_monitor_replay';

export interface ReplayOptions {
  from: string;
  to: string;
  selection?: DecisionSelection;
  symbols?: readonly string[];
  /** Made-up decisions instead of the journal's (the journal is then not opened). */
  sample?: boolean;
  bothInOneBar?: BothInOneBar;
  /** ALPACA_DATA_FEED with BROKER=alpaca (default iex). */
  feed?: DataFeed;
  /** Write the HTML report here. */
  html?: string;
  /** Bars from elsewhere (tests); default: Alpaca's with BROKER=alpaca, else the offline seeded bars. */
  bars?: BarSource;
  log?: Logger;
  onDay?: (progress: DayProgress) => void;
  onProgress?: (message: string) => void;
}

export type ReplayRun = ReplayResult & { htmlFile?: string };

/** The journal has no decisions table to replay from. The message says where it looked and what to do. */
export class ReplaySourceMissing extends Error {
  override readonly name = 'ReplaySourceMissing';
}

// No account limit gets in the way of what the decisions would have done.
const REPLAY_CASH = '1000000000';

/**
 * `replay`: reads the range's decisions from the configured database (read-only), then plays them
 * on a fresh scratch database of the embedded PostgreSQL (`trading_monitor_replay` in
 * `<dataDir>/postgres`) and an in-memory simulated market fed with historical bars. The journal,
 * the configured broker and the simulated account are never written.
 */
export async function runReplay(config: Config, options: ReplayOptions): Promise<ReplayRun> {
  const bars = options.bars ?? barSourceFor(config, options.feed ?? 'iex');
  const clock = new ManualClock(new Date(`${options.from}T00:00:00Z`));
  const sim = new SimulatedBroker({ clock, cash: REPLAY_CASH });
  const log = options.log ?? silentLogger();
  options.onProgress?.(`Starting the replay's scratch database (${REPLAY_DATABASE}, embedded PostgreSQL in ${join(config.dataDir, 'postgres')})`);
  const scratch = await openRuntime(
    { ...config, database: { kind: 'embedded', dataDir: join(config.dataDir, 'postgres') }, mongodbUrl: undefined },
    {
      embedded: { database: REPLAY_DATABASE, fresh: true },
      clock,
      broker: inMemoryBroker(sim),
      log: silentLogger(),
      applicationName: 'trading-monitor replay',
    },
  );
  try {
    const deps = { dataSource: scratch.dataSource, broker: sim, clock, log, sim };
    let result: ReplayResult;
    if (options.sample) {
      result = await replayRange(scratch.dataSource, deps, { ...options, bars });
    } else {
      options.onProgress?.('Reading the decisions (read-only)');
      const journal = await openDatabase(config.database, { applicationName: 'trading-monitor replay (read-only)', poolSize: 1 });
      try {
        result = await replayRange(journal.dataSource, deps, { ...options, bars });
      } catch (error) {
        // No decisions table yet (a fresh embedded database): say how to see a replay anyway.
        if ((error as Error | null)?.name === 'DecisionTableError') {
          throw new ReplaySourceMissing(`${(error as Error).message} To watch a replay without decisions of your own, add --sample.`);
        }
        throw error;
      } finally {
        await journal.close();
      }
    }
    if (options.html === undefined) return result;
    return { ...result, htmlFile: await writeReplayHtml(result, options.html) };
  } finally {
    await scratch.close();
  }
}

function barSourceFor(config: Config, feed: DataFeed): BarSource {
  if (config.broker.kind !== 'alpaca') return new SeededBars();
  return new AlpacaBars({
    dataUrl: config.broker.dataUrl ?? 'https://data.alpaca.markets',
    keyId: config.broker.keyId,
    secretKey: config.broker.secretKey,
    feed,
    cacheDir: join(config.dataDir, 'bars'),
    today: newYorkDate(new Date()),
  });
}
