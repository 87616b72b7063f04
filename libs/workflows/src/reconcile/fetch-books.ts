import type { BookSnapshot } from '@trading-monitor/domain';
import { PositionTracking, findOpenOrders, findOpenTrades, findOrdersByAlpacaIds, findOrdersOfTrades, findTradesByIds } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import { fetchOrderReports } from '../monitor-orders/fetch-order-reports';
import { coveringOrderOf } from '../trade-sync/trade-state';

/**
 * Reconcile's fetch step: reads both sides into one snapshot, and nothing else. The journal's
 * working orders (a closed trade's leftovers included) with what the broker says of each, the
 * broker's open orders and positions, and the trades the journal says hold shares.
 */
export async function fetchBooks(deps: Pick<JobDeps, 'dataSource' | 'broker'>): Promise<BookSnapshot> {
  const { dataSource, broker } = deps;
  const manager = dataSource.manager;
  const openTrades = await findOpenTrades(manager);
  const holding = openTrades.filter((t) => t.status === 'POSITION');
  const holdingOrders = await findOrdersOfTrades(
    manager,
    holding.map((t) => t.id),
  );
  const journalOpen = await findOpenOrders(manager);
  const symbols = new Map((await findTradesByIds(manager, [...new Set(journalOpen.map((o) => o.tradeJournalId))])).map((t) => [t.id, t.symbol]));
  const watched = journalOpen.map((o) => ({
    alpacaOrderId: o.alpacaOrderId,
    symbol: symbols.get(o.tradeJournalId) ?? '',
    recordedAt: o.createdAt ?? new Date(0),
  }));
  const { reports, unknown } = await fetchOrderReports(broker, watched);
  const brokerOpen = await broker.listOrders({ status: 'open' });
  const brokerPositions = await broker.listPositions();
  const journalKnows = new Set(
    (
      await findOrdersByAlpacaIds(
        manager,
        brokerOpen.map((o) => o.id),
      )
    ).map((o) => o.alpacaOrderId),
  );
  const positions = await dataSource.getRepository(PositionTracking).find();

  return {
    journalOrders: journalOpen.map((o) => ({
      orderId: o.alpacaOrderId,
      symbol: symbols.get(o.tradeJournalId) ?? '',
      role: o.orderType,
      status: o.orderStatus,
      qty: o.qty,
      filledQty: o.filledQty,
    })),
    brokerReports: reports,
    unknownToBroker: unknown,
    brokerOpen,
    journalKnows,
    holdingTrades: holding.map((trade) => ({
      tradeId: trade.tradeId,
      symbol: trade.symbol,
      journalQty: positions.find((p) => p.tradeJournalId === trade.id)?.qty ?? 0,
      orders: holdingOrders.filter((o) => o.tradeJournalId === trade.id).map(coveringOrderOf),
    })),
    brokerPositions: brokerPositions.map((p) => ({ symbol: p.symbol, qty: p.qty })),
  };
}
