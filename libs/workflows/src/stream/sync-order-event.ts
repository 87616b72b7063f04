import type { BrokerOrder, TradeUpdate } from '@trading-monitor/broker';
import { NotFound } from '@trading-monitor/broker';
import { findOrderByAlpacaId, findOrdersOfTrades } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import { closeVanishedPosition } from '../monitor-positions/close-vanished-position';
import { brokerPositions } from '../trade-sync/broker-positions';
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

/**
 * Syncs the one trade an order event concerns, through the order monitor's own step (syncTrade):
 * an entry fill places protection, a protective fill closes the trade with exact P&L, an ended
 * entry ends the trade. The event only says WHICH order moved: its trade's working orders are read
 * again from the broker after the trade's lock is taken, so a repeated, late or out-of-order event
 * acts on the broker's current state, and a second look at the same state changes nothing.
 */
export async function syncOrderEvent(deps: JobDeps, event: TradeUpdate): Promise<OrderEventOutcome> {
  const { dataSource, broker, clock, log } = deps;
  const known = await findOrderByAlpacaId(dataSource.manager, event.orderId);
  if (!known) {
    if (event.clientOrderId.startsWith(PRODUCT_ORDER_PREFIX)) return { kind: 'adopt', clientOrderId: event.clientOrderId };
    return { kind: 'ignored', reason: `order ${event.orderId} (${event.symbol}) is not the product's` };
  }
  const tradeJournalId = known.tradeJournalId;
  const positions = brokerPositions(broker);
  const step = { broker, clock, log, job: STREAM_JOB, positions };
  const result = await dataSource.transaction(async (manager) => {
    await lockTrade(manager, tradeJournalId);
    const orders = await findOrdersOfTrades(manager, [tradeJournalId]);
    const reports = new Map<string, BrokerOrder>();
    for (const order of orders.filter((o) => o.orderStatus === 'pending' || o.orderStatus === 'partially_filled')) {
      try {
        reports.set(order.alpacaOrderId, await broker.getOrder(order.alpacaOrderId));
      } catch (error) {
        if (!(error instanceof NotFound)) throw error; // the monitor's pass raises the alarm for it
      }
    }
    const synced = await syncTrade({ manager, ...step }, tradeJournalId, reports);
    if (synced?.protection?.kind === 'not-held') synced.closed = (await closeVanishedPosition({ manager, ...step }, tradeJournalId)) ?? undefined;
    return synced;
  });
  if (!result) return { kind: 'ignored', reason: `trade ${tradeJournalId} is no longer in the journal` };
  return { kind: 'synced', result };
}
