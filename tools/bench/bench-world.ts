import { BROKER_WRITES, SimulatedBroker, type Broker } from '@trading-monitor/broker';
import { countingBroker, type CountingBroker } from '@trading-monitor/broker/testing';
import { silentLogger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { AnalysisDecision, createDataSource, setupDatabase, type DataSource } from '@trading-monitor/persistence';
import type { JobDeps } from '@trading-monitor/workflows';
import { createTestDatabase } from '@trading-monitor/test-harness';

/** Wednesday 15 January 2025, 09:45 in New York: the market is open. */
const MARKET_OPEN = new Date('2025-01-15T14:45:00Z');

export interface Measured {
  ms: number;
  queries: number;
  reads: number;
  writes: number;
}

/**
 * One scenario's world: a fresh database on the bench's server, a simulated broker on a manual clock
 * inside market hours, a counting broker in front of it, and a count of every SQL statement sent.
 */
export interface BenchWorld {
  dataSource: DataSource;
  sim: SimulatedBroker;
  counting: CountingBroker;
  /** The jobs' dependencies, the counting broker in front of the simulator (or `broker`). */
  deps(broker?: Broker): JobDeps;
  seedNewTrades(count: number): Promise<string[]>;
  /** Runs `work` and reports its wall time, SQL statements and broker calls (reads, writes). */
  measure(work: () => Promise<unknown>): Promise<Measured>;
  /** Creates the next world's database on the same server. */
  readonly adminUrl: string;
  close(): Promise<void>;
}

export async function openWorld(adminUrl: string, options: { poolSize?: number } = {}): Promise<BenchWorld> {
  const database = await createTestDatabase(adminUrl);
  let queries = 0;
  const dataSource = await createDataSource(database.url, { onQuery: () => queries++, poolSize: options.poolSize }).initialize();
  await setupDatabase(dataSource, { production: false });
  const clock = new ManualClock(MARKET_OPEN);
  const sim = new SimulatedBroker({ clock, cash: '1000000000' });
  const counting = countingBroker(sim);
  const log = silentLogger();
  return {
    adminUrl,
    dataSource,
    sim,
    counting,
    deps: (broker = counting) => ({ dataSource, broker, clock, log }),
    async seedNewTrades(count) {
      const symbols = symbolsFor(count);
      const rows = symbols.map((symbol, i) => ({
        analysisId: `BENCH-${String(i).padStart(5, '0')}`,
        ticker: symbol,
        decision: newTrade(symbol),
        approve: true,
        dateTime: new Date(MARKET_OPEN.getTime() - 3_600_000 + i * 1000),
      }));
      for (let i = 0; i < rows.length; i += 500) await dataSource.getRepository(AnalysisDecision).insert(rows.slice(i, i + 500));
      return symbols;
    },
    async measure(work) {
      counting.reset();
      queries = 0;
      const started = performance.now();
      await work();
      const ms = performance.now() - started;
      const calls = counting.counts();
      const writes = BROKER_WRITES.reduce((sum, method) => sum + calls[method], 0);
      return { ms, queries, reads: counting.total() - writes, writes };
    },
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** Every bench trade enters at this limit; setting the price there fills the entry. */
export const ENTRY_PRICE = '50.00';

/** A canonical TREND decision (docs/decisions.md): limit buy of 10 at 50.00, stop 45.00. */
function newTrade(symbol: string): Record<string, unknown> {
  return {
    symbol,
    analysis_date: '2025-01-15',
    primary_action: 'NEW_TRADE',
    new_trade: { strategy: 'TREND', qty: 10, side: 'buy', type: 'limit', time_in_force: 'day', limit_price: 50, stop_loss: { stop_price: 45 } },
  };
}

/** AAA, AAB, …: one symbol per trade (a symbol holds one open trade at a time). */
function symbolsFor(count: number): string[] {
  const letter = (n: number) => String.fromCharCode(65 + (n % 26));
  return Array.from({ length: count }, (_, i) => `${letter(Math.floor(i / 676))}${letter(Math.floor(i / 26))}${letter(i)}`);
}

/** The run with the median wall time of several (the counts are the same in every run). */
export function median(runs: readonly Measured[]): Measured {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)];
}
