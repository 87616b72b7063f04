import { SimulatedBroker, type Broker } from '@trading-monitor/broker';
import { silentLogger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import {
  AnalysisDecision,
  ExecutionLog,
  OrderExecution,
  PositionTracking,
  TradeJournal,
  createDataSource,
  setupDatabase,
  type DataSource,
} from '@trading-monitor/persistence';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import type { JobDeps } from '../job-deps';

/** Wednesday 15 January 2025, 09:45 in New York: the market is open. */
export const MARKET_OPEN_DAY = '2025-01-15T14:45:00Z';

export interface WorkflowFixture {
  db: TestDatabase;
  dataSource: DataSource;
  clock: ManualClock;
  sim: SimulatedBroker;
  deps: JobDeps;
  /** The same deps with another broker in front of the simulator (fault or crash injection). */
  depsWith(broker: Broker): JobDeps;
  seedDecision(id: string, ticker: string, decision: unknown, extra?: Partial<AnalysisDecision>): Promise<void>;
  /** Several approved decisions in one INSERT, in order, as seedDecision would write them one by one. */
  seedDecisions(rows: ReadonlyArray<{ id: string; ticker: string; decision: unknown; extra?: Partial<AnalysisDecision> }>): Promise<void>;
  trade(symbol: string): Promise<TradeJournal>;
  trades(): Promise<TradeJournal[]>;
  orders(tradeJournalId?: number): Promise<OrderExecution[]>;
  positions(): Promise<PositionTracking[]>;
  audit(analysisId?: string): Promise<ExecutionLog[]>;
  /** The messages of every alarm in execution_log, oldest first. */
  alarms(): Promise<string[]>;
  decision(id: string): Promise<AnalysisDecision>;
  close(): Promise<void>;
}

/** A fresh database on the test server, set up, with a simulated broker on a manual clock. */
export async function createWorkflowFixture(start = MARKET_OPEN_DAY): Promise<WorkflowFixture> {
  const db = await createTestDatabase();
  const dataSource = await createDataSource(db.url).initialize();
  await setupDatabase(dataSource, { production: false });
  return fixtureOn(db, dataSource, start);
}

/** Every table the product writes, for a reset between runs on one database. */
export const PRODUCT_TABLES = [
  'analysis_decision',
  'trade_journal',
  'order_execution',
  'position_tracking',
  'trade_adjustments',
  'execution_log',
  'order_fill',
  'trading_control',
] as const;

const SERIAL_TABLES = ['trade_journal', 'order_execution', 'position_tracking', 'trade_adjustments', 'execution_log'];
// DELETE and setval, one round trip: on tables of a few rows this takes half a millisecond where
// TRUNCATE … RESTART IDENTITY takes some 35 (it replaces every table's files).
const RESET_SQL = [
  ...PRODUCT_TABLES.map((table) => `DELETE FROM ${table};`),
  `SELECT ${SERIAL_TABLES.map((table) => `setval(pg_get_serial_sequence('${table}', 'id'), 1, false)`).join(', ')};`,
].join('\n');

/**
 * The same database emptied (identities restarted), with a new simulated broker and clock: a run
 * that starts from nothing in a millisecond, where creating a database takes a hundred or more.
 * The fixture passed in must not be used afterwards; `close()` of the new one drops the database.
 */
export async function resetWorkflowFixture(f: WorkflowFixture, start = MARKET_OPEN_DAY): Promise<WorkflowFixture> {
  await f.dataSource.query(RESET_SQL);
  return fixtureOn(f.db, f.dataSource, start);
}

/** A fixture around a database and data source made elsewhere (a NocoDB layout, say). */
export function fixtureOn(db: TestDatabase, dataSource: DataSource, start = MARKET_OPEN_DAY): WorkflowFixture {
  const clock = new ManualClock(new Date(start));
  const sim = new SimulatedBroker({ clock, cash: '10000000' });
  const log = silentLogger();
  const deps: JobDeps = { dataSource, broker: sim, clock, log };
  let seeded = 0;
  return {
    db,
    dataSource,
    clock,
    sim,
    deps,
    depsWith: (broker) => ({ ...deps, broker }),
    async seedDecision(id, ticker, decision, extra = {}) {
      // Distinct, increasing times keep "oldest first" well defined.
      const dateTime = new Date(clock.now().getTime() - 3_600_000 + seeded++ * 1000);
      const repository = dataSource.getRepository(AnalysisDecision);
      await repository.save(repository.create({ analysisId: id, ticker, decision, approve: true, dateTime, ...extra }));
    },
    async seedDecisions(rows) {
      if (rows.length === 0) return;
      const repository = dataSource.getRepository(AnalysisDecision);
      const entities = rows.map(({ id, ticker, decision, extra }) =>
        repository.create({
          analysisId: id,
          ticker,
          decision,
          approve: true,
          dateTime: new Date(clock.now().getTime() - 3_600_000 + seeded++ * 1000),
          ...extra,
        }),
      );
      await repository.insert(entities as Parameters<typeof repository.insert>[0]);
    },
    trade: (symbol) => dataSource.getRepository(TradeJournal).findOneOrFail({ where: { symbol }, order: { id: 'DESC' } }),
    trades: () => dataSource.getRepository(TradeJournal).find({ order: { id: 'ASC' } }),
    orders: (tradeJournalId) => dataSource.getRepository(OrderExecution).find({ where: tradeJournalId ? { tradeJournalId } : {}, order: { id: 'ASC' } }),
    positions: () => dataSource.getRepository(PositionTracking).find({ order: { id: 'ASC' } }),
    audit: (analysisId) => dataSource.getRepository(ExecutionLog).find({ where: analysisId ? { analysisDecisionId: analysisId } : {}, order: { id: 'ASC' } }),
    alarms: async () => (await dataSource.getRepository(ExecutionLog).find({ where: { outcome: 'alarm' }, order: { id: 'ASC' } })).map((row) => row.message),
    decision: (id) => dataSource.getRepository(AnalysisDecision).findOneByOrFail({ analysisId: id }),
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/** The canonical decision (docs/decisions.md), with overrides for the trade. */
export function newTradeDecision(symbol: string, trade: Record<string, unknown> = {}, action = 'NEW_TRADE'): Record<string, unknown> {
  return {
    symbol,
    analysis_date: '2025-01-15',
    primary_action: action,
    new_trade: {
      strategy: 'SWING',
      pattern: 'PATTERN_1',
      qty: 45,
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: 133.8,
      stop_loss: { stop_price: 124.0 },
      take_profit: { limit_price: 145.5 },
      ...trade,
    },
  };
}
