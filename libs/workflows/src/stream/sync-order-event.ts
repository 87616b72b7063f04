import { CLIENT_ORDER_ID_PREFIX } from '@trading-monitor/domain';
import type { TradeUpdate } from '@trading-monitor/broker';
import { OrderExecution, type EntityManager } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import { brokerPositions, type BrokerPositions } from '../trade-sync/broker-positions';
import type { TradeSyncResult } from '../trade-sync/sync-trade';
import { readWorkingOrders, runTradeStep } from '../trade-sync/trade-step';

export const STREAM_JOB = 'trade-updates' as const;

export type OrderEventOutcome =
  | { kind: 'synced'; result: TradeSyncResult }
  /** Not in the journal but carries the product's client_order_id: an unfinished run placed it; a monitor pass adopts it. */
  | { kind: 'adopt'; clientOrderId: string }
  | { kind: 'ignored'; reason: string };

export interface SyncOrderEventOptions {
  /** The broker's positions as this sync may see them (the listener shares fresh reads across a burst); default: one read of its own. */
  positions?: BrokerPositions;
}

/**
 * Syncs the one trade an order event concerns, through the order monitor's own step (syncTrade):
 * an entry fill places protection, a protective fill closes the trade with exact P&L, an ended
 * entry ends the trade. The event only says WHICH order moved: its trade's working orders are read
 * again from the broker, so a repeated, late or out-of-order event acts on the broker's current
 * state, and a second look at the same state changes nothing.
 *
 * The reads happen BEFORE the trade's transaction, so a pooled connection and the trade lock are
 * held for the journal work and the one write (protection), not for broker round trips: in a burst
 * of fills that hold time decides how long the 50th fill waits. Reading first is safe under the lock
 * because the domain ignores a report older than the journal (applyOrderReport: 'stale'): if a
 * racing pass committed more meanwhile, the early report changes nothing; an order that became
 * working meanwhile (protection the racing pass placed) is read under the lock.
 */
export async function syncOrderEvent(deps: JobDeps, event: TradeUpdate, options: SyncOrderEventOptions = {}): Promise<OrderEventOutcome> {
  const { dataSource, broker, clock, log } = deps;
  const ofTrade = await ordersOfTradeOwning(dataSource.manager, event.orderId);
  const known = ofTrade.find((o) => o.alpacaOrderId === event.orderId);
  if (!known) {
    if (event.clientOrderId.startsWith(CLIENT_ORDER_ID_PREFIX)) return { kind: 'adopt', clientOrderId: event.clientOrderId };
    return { kind: 'ignored', reason: `order ${event.orderId} (${event.symbol}) is not the product's` };
  }
  const tradeJournalId = known.tradeJournalId;
  const positions = options.positions ?? brokerPositions(broker);
  const reports = await readWorkingOrders(broker, ofTrade, new Map());
  const result = await runTradeStep(
    { dataSource, broker, clock, log, job: STREAM_JOB, positions },
    { kind: 'sync', tradeJournalId, reports, readWorking: true },
  );
  if (!result) return { kind: 'ignored', reason: `trade ${tradeJournalId} is no longer in the journal` };
  return { kind: 'synced', result };
}

/** Every journal order of the trade that owns this broker order (none when the journal does not know it): one query. */
async function ordersOfTradeOwning(manager: EntityManager, alpacaOrderId: string): Promise<OrderExecution[]> {
  return manager
    .getRepository(OrderExecution)
    .createQueryBuilder('o')
    .where('o.tradeJournalId = (SELECT s.trade_journal_id FROM order_execution s WHERE s.alpaca_order_id = :alpacaOrderId LIMIT 1)', { alpacaOrderId })
    .orderBy('o.id', 'ASC')
    .getMany();
}
