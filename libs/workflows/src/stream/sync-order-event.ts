import type { Broker, BrokerOrder, TradeUpdate } from '@trading-monitor/broker';
import { NotFound } from '@trading-monitor/broker';
import { OrderExecution, findOrdersOfTrades, type EntityManager } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import { closeVanishedPosition } from '../monitor-positions/close-vanished-position';
import { brokerPositions, type BrokerPositions } from '../trade-sync/broker-positions';
import { syncTrade, type TradeSyncResult } from '../trade-sync/sync-trade';
import { lockTrade } from './trade-lock';

export const STREAM_JOB = 'trade-updates' as const;

/** The product's client_order_id prefix (libs/domain client-order-id.ts). */
const PRODUCT_ORDER_PREFIX = 'tm-';

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
    if (event.clientOrderId.startsWith(PRODUCT_ORDER_PREFIX)) return { kind: 'adopt', clientOrderId: event.clientOrderId };
    return { kind: 'ignored', reason: `order ${event.orderId} (${event.symbol}) is not the product's` };
  }
  const tradeJournalId = known.tradeJournalId;
  const positions = options.positions ?? brokerPositions(broker);
  const step = { broker, clock, log, job: STREAM_JOB, positions };
  const reports = await readWorking(broker, ofTrade, new Map());
  const result = await dataSource.transaction(async (manager) => {
    await lockTrade(manager, tradeJournalId);
    await readWorking(broker, await findOrdersOfTrades(manager, [tradeJournalId]), reports);
    const synced = await syncTrade({ manager, ...step }, tradeJournalId, reports);
    if (synced?.protection?.kind === 'not-held') synced.closed = (await closeVanishedPosition({ manager, ...step }, tradeJournalId)) ?? undefined;
    return synced;
  });
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

/** Adds the broker's report of each working order not yet in `reports` (one GET per order, all at once). */
async function readWorking(broker: Broker, orders: readonly OrderExecution[], reports: Map<string, BrokerOrder>): Promise<Map<string, BrokerOrder>> {
  const missing = orders.filter((o) => (o.orderStatus === 'pending' || o.orderStatus === 'partially_filled') && !reports.has(o.alpacaOrderId));
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
