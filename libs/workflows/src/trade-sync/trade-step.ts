import { isWorkingOrderStatus } from '@trading-monitor/domain';
import { NotFound, isBrokerError, type Broker, type BrokerOrder } from '@trading-monitor/broker';
import { OrderExecution, recordAudit, type EntityManager } from '@trading-monitor/persistence';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import { closeVanishedPosition } from './close-vanished-position';
import type { BrokerPositions } from './broker-positions';
import type { ClosedTrade } from './close-trade';
import type { StepContext } from './sync-context';
import { syncTrade, type SyncOptions, type TradeSyncResult } from './sync-trade';
import { lockTrade } from './trade-lock';
import { heldQtyOf, loadTradeState, protectedQtyOf } from './trade-state';

export interface TradeStepDeps extends JobDeps {
  /** Recorded in execution_log.job. */
  job: string;
  /** The broker's positions as this run reads them (broker-positions.ts); absent: not checked. */
  positions?: BrokerPositions;
}

/** Bring the trade in from the broker's reports of its orders, then act on it. */
export interface SyncStep {
  kind: 'sync';
  tradeJournalId: number;
  /** What the broker reports of the trade's orders, read before the step (outside the lock). */
  reports: ReadonlyMap<string, BrokerOrder>;
  /** Read the trade's working orders missing from `reports` under the lock (the stream's one-trade read). */
  readWorking?: boolean;
  options?: Pick<SyncOptions, 'cancelledBy' | 'heldAtBroker'>;
}

/** The broker no longer holds the position: close the trade from the orders that took it out. */
export interface VanishedStep {
  kind: 'vanished';
  tradeJournalId: number;
}

/** Something the caller does under the trade lock, in its own transaction (halt's flatten intent). */
export interface LockedStep<T> {
  kind: 'locked';
  tradeJournalId: number;
  run(ctx: StepContext): Promise<T>;
}

/**
 * The one way into a trade step (issue 22, docs/architecture.md): the stream, both monitors,
 * reconcile's repairs and halt --flatten come through here. It takes the trade lock (trade-lock.ts,
 * the only one), runs the sync, and handles a position gone at the broker.
 *
 * A sync runs in two transactions, facts first: the reports are applied and what they mean is
 * recorded and committed (a fill, POSITION, the position row) before anything is sent to the
 * broker. Then the remedies (protect, exit through the stop, cancel leftovers, close). A remedy the
 * broker refuses or fails (403 pattern-day-trading protection, buying power, 429, 5xx) is an alarm:
 * logged as `protection.alarm` (the alert), written to execution_log, the shares count as
 * unprotected in /health, the job's summary carries it (the CLI exits 1) and the next run tries
 * again. Never a rollback of the fill.
 */
export async function runTradeStep(deps: TradeStepDeps, step: SyncStep): Promise<TradeSyncResult | null>;
export async function runTradeStep(deps: TradeStepDeps, step: VanishedStep): Promise<ClosedTrade | null>;
export async function runTradeStep<T>(deps: TradeStepDeps, step: LockedStep<T>): Promise<T>;
export async function runTradeStep<T>(deps: TradeStepDeps, step: SyncStep | VanishedStep | LockedStep<T>): Promise<TradeSyncResult | ClosedTrade | T | null> {
  if (step.kind === 'locked') return underLock(deps, step.tradeJournalId, step.run);
  if (step.kind === 'vanished') return underLock(deps, step.tradeJournalId, (ctx) => closeVanishedPosition(ctx, step.tradeJournalId));
  return syncStep(deps, step);
}

async function syncStep(deps: TradeStepDeps, step: SyncStep): Promise<TradeSyncResult | null> {
  const { tradeJournalId } = step;
  const reports = new Map(step.reports);
  const remediesIn = async (ctx: StepContext) => {
    const synced = await syncTrade(ctx, tradeJournalId, new Map(), { ...step.options, phase: 'remedies' });
    // The broker holds none of the trade's shares: it was closed outside the product.
    if (synced?.protection?.kind === 'not-held') synced.closed = (await closeVanishedPosition(ctx, tradeJournalId)) ?? undefined;
    return synced;
  };
  let facts: TradeSyncResult | null = null;
  try {
    const first = await underLock(deps, tradeJournalId, async (ctx) => {
      if (step.readWorking) await readWorkingOrders(ctx.broker, await workingOrdersOf(ctx.manager, tradeJournalId), reports);
      facts = await syncTrade(ctx, tradeJournalId, reports, { ...step.options, phase: 'facts' });
      if (!facts || facts.frozen) return { facts, remedies: null }; // a person decides: no remedy, one alarm
      // Nothing new recorded: nothing a failed remedy could roll back, so the remedies run in this same transaction.
      if (!changedAnything(facts)) return { facts, remedies: await remediesIn(ctx) };
      return { facts, remedies: undefined };
    });
    if (!first.facts) return null;
    if (first.remedies !== undefined) return first.remedies ? merged(first.facts, first.remedies) : first.facts;
    facts = first.facts;
    // The facts are committed; now the remedies, in a transaction of their own.
    const remedies = await underLock(deps, tradeJournalId, remediesIn);
    return remedies ? merged(facts, remedies) : facts;
  } catch (error) {
    if (!isBrokerError(error) || !facts) throw error;
    const recorded: TradeSyncResult = facts;
    return { ...recorded, alarms: [...recorded.alarms, await alarmRemedyFailed(deps, tradeJournalId, error)] };
  }
}

/** Whether the facts phase recorded anything (an order's status or fills, the trade's status). */
function changedAnything(facts: TradeSyncResult): boolean {
  return facts.ordersUpdated > 0 || facts.filled || facts.cancelled !== undefined || facts.statusBefore !== facts.status;
}

/** One result for the two phases: what the facts recorded and what the remedies did. */
function merged(facts: TradeSyncResult, remedies: TradeSyncResult): TradeSyncResult {
  return {
    ...remedies,
    statusBefore: facts.statusBefore,
    ordersUpdated: facts.ordersUpdated + remedies.ordersUpdated,
    filled: facts.filled || remedies.filled,
    cancelled: facts.cancelled ?? remedies.cancelled,
    alarms: [...facts.alarms, ...remedies.alarms],
  };
}

async function underLock<T>(deps: TradeStepDeps, tradeJournalId: number, run: (ctx: StepContext) => Promise<T>): Promise<T> {
  const { dataSource, broker, clock, log, job, positions } = deps;
  return dataSource.transaction(async (manager) => {
    await lockTrade(manager, tradeJournalId);
    return run({ manager, broker, clock, log, job, positions });
  });
}

/** The remedy failed at the broker after the facts were committed: an alarm, in its own transaction. */
async function alarmRemedyFailed(deps: TradeStepDeps, tradeJournalId: number, error: unknown): Promise<string> {
  const state = await loadTradeState(deps.dataSource.manager, tradeJournalId);
  const symbol = state?.trade.symbol ?? 'trade';
  const unprotected = state ? Math.max(0, heldQtyOf(state) - protectedQtyOf(state)) : 0;
  const message =
    `${symbol}: ${unprotected} shares are NOT protected: the remedy failed (${describeError(error)}). ` +
    'The fill is recorded; the next monitor run tries again.';
  deps.log.error({ event: 'protection.alarm', tradeId: state?.trade.tradeId, symbol, reason: 'remedy failed' }, message);
  await recordAudit(deps.dataSource.manager, {
    job: deps.job,
    action: 'protection.remedy',
    outcome: 'alarm',
    message,
    tradeJournalId,
    symbol,
    at: deps.clock.now(),
  });
  return message;
}

async function workingOrdersOf(manager: EntityManager, tradeJournalId: number): Promise<OrderExecution[]> {
  return manager.getRepository(OrderExecution).find({ where: { tradeJournalId }, order: { id: 'ASC' } });
}

/** Adds the broker's report of each working order not yet in `reports` (one GET per order, all at once). */
export async function readWorkingOrders(
  broker: Broker,
  orders: readonly OrderExecution[],
  reports: Map<string, BrokerOrder>,
): Promise<Map<string, BrokerOrder>> {
  const missing = orders.filter((o) => isWorkingOrderStatus(o.orderStatus) && !reports.has(o.alpacaOrderId));
  const read = await Promise.all(
    missing.map(async (order) => {
      try {
        return [order.alpacaOrderId, await broker.getOrder(order.alpacaOrderId)] as const;
      } catch (error) {
        if (!(error instanceof NotFound)) throw error; // the monitor's pass raises the alarm for it
        return null;
      }
    }),
  );
  for (const entry of read) if (entry) reports.set(entry[0], entry[1]);
  return reports;
}
