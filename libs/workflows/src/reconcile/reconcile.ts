import type { BrokerOrder } from '@trading-monitor/broker';
import { journalStatusOf, parseClientOrderId } from '@trading-monitor/domain';
import {
  PositionTracking,
  findOpenOrders,
  findOpenTrades,
  findOrdersByAlpacaIds,
  findOrdersOfTrades,
  findTradesByIds,
  recordAudit,
  type TradeJournal,
} from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import { fetchOrderReports } from '../monitor-orders/fetch-order-reports';
import { monitorOrders, type MonitorOrdersSummary } from '../monitor-orders/monitor-orders';
import { monitorPositions, type MonitorPositionsSummary } from '../monitor-positions/monitor-positions';

export interface OrderDifference {
  orderId: string;
  symbol: string;
  role: string;
  journal: string;
  broker: string;
}

export interface ReconcileReport {
  /** Journal orders whose broker state moved on (fills included) and the journal has not caught up. */
  ordersBehind: OrderDifference[];
  /** Of those, the ones where the broker filled more than the journal knows. */
  missedFills: OrderDifference[];
  /** Journal orders the broker does not know. */
  unknownToBroker: string[];
  /** Open broker orders the journal does not know: `own` when the product placed them (a crash left them). */
  notInJournal: Array<{ orderId: string; clientOrderId: string; symbol: string; side: string; type: string; status: string; own: boolean }>;
  positionsOnlyInJournal: Array<{ tradeId: string; symbol: string; qty: number }>;
  positionsOnlyAtBroker: Array<{ symbol: string; qty: number }>;
  quantityMismatches: Array<{ symbol: string; journalQty: number; brokerQty: number }>;
  /** Held shares not covered by a working stop. */
  unprotected: Array<{ tradeId: string; symbol: string; heldQty: number; protectedQty: number }>;
  clean: boolean;
  /** With `fix`: what the repair runs did. */
  fixed?: { orders: MonitorOrdersSummary; positions: MonitorPositionsSummary; cancelledStrays: string[] };
}

const JOB = 'reconcile' as const;

/**
 * Compares journal and broker both ways and reports every difference. With `fix`, applies the safe
 * corrections: brings orders and fills in, protects what is unprotected, closes positions gone at
 * the broker (the order and position monitors do exactly that), and cancels stray protective orders
 * the product placed for trades that no longer hold shares. It never touches positions or orders
 * the product did not place.
 */
export async function reconcile(deps: JobDeps, options: { fix?: boolean } = {}): Promise<ReconcileReport> {
  const { dataSource, broker, clock, log } = deps;
  const openTrades = await findOpenTrades(dataSource.manager);
  const allOrders = await findOrdersOfTrades(dataSource.manager, openTrades.map((t) => t.id));
  // Working orders, including any a closed trade left behind.
  const journalOpen = await findOpenOrders(dataSource.manager);
  const symbols = new Map((await findTradesByIds(dataSource.manager, [...new Set(journalOpen.map((o) => o.tradeJournalId))])).map((t) => [t.id, t.symbol]));
  const watched = journalOpen.map((o) => ({ alpacaOrderId: o.alpacaOrderId, symbol: symbols.get(o.tradeJournalId) ?? '', recordedAt: o.createdAt ?? new Date(0) }));
  const { reports, unknown } = await fetchOrderReports(broker, watched);
  const brokerOpen = await broker.listOrders({ status: 'open' });
  const brokerPositions = await broker.listPositions();

  const report: ReconcileReport = {
    ordersBehind: [],
    missedFills: [],
    unknownToBroker: unknown,
    notInJournal: [],
    positionsOnlyInJournal: [],
    positionsOnlyAtBroker: [],
    quantityMismatches: [],
    unprotected: [],
    clean: true,
  };

  for (const order of journalOpen) {
    const at = reports.get(order.alpacaOrderId);
    if (!at) continue;
    const brokerStatus = journalStatusOf(at.status, at.filledQty).journal;
    if (brokerStatus === order.orderStatus && at.filledQty === (order.filledQty ?? 0)) continue;
    const difference = {
      orderId: order.alpacaOrderId,
      symbol: symbols.get(order.tradeJournalId) ?? '',
      role: order.orderType,
      journal: `${order.orderStatus} ${order.filledQty ?? 0}/${order.qty}`,
      broker: `${at.status} ${at.filledQty}/${at.qty}`,
    };
    report.ordersBehind.push(difference);
    if (at.filledQty > (order.filledQty ?? 0)) report.missedFills.push(difference);
  }

  const knownIds = new Set((await findOrdersByAlpacaIds(dataSource.manager, brokerOpen.map((o) => o.id))).map((o) => o.alpacaOrderId));
  report.notInJournal = brokerOpen.filter((o) => !knownIds.has(o.id)).map((o) => describeOrder(o));

  const positions = await dataSource.getRepository(PositionTracking).find();
  const atBroker = new Map(brokerPositions.map((p) => [p.symbol, p]));
  const positionTrades = openTrades.filter((t) => t.status === 'POSITION');
  for (const trade of positionTrades) {
    const journalQty = positions.find((p) => p.tradeJournalId === trade.id)?.qty ?? 0;
    const held = atBroker.get(trade.symbol);
    if (!held) report.positionsOnlyInJournal.push({ tradeId: trade.tradeId, symbol: trade.symbol, qty: journalQty });
    else if (Math.abs(held.qty) !== journalQty) report.quantityMismatches.push({ symbol: trade.symbol, journalQty, brokerQty: held.qty });
    const orders = allOrders.filter((o) => o.tradeJournalId === trade.id);
    const protectedQty = orders
      .filter((o) => o.orderType === 'STOP_LOSS' && (o.orderStatus === 'pending' || o.orderStatus === 'partially_filled'))
      .reduce((sum, o) => sum + o.qty - (o.filledQty ?? 0), 0);
    if (protectedQty < journalQty) report.unprotected.push({ tradeId: trade.tradeId, symbol: trade.symbol, heldQty: journalQty, protectedQty });
  }
  const tracked = new Set(positionTrades.map((t) => t.symbol));
  report.positionsOnlyAtBroker = brokerPositions.filter((p) => !tracked.has(p.symbol)).map((p) => ({ symbol: p.symbol, qty: p.qty }));

  report.clean = [
    report.ordersBehind, report.unknownToBroker, report.notInJournal, report.positionsOnlyInJournal,
    report.positionsOnlyAtBroker, report.quantityMismatches, report.unprotected,
  ].every((list) => list.length === 0);

  if (options.fix) {
    const orders = await monitorOrders({ ...deps });
    const positionsRun = await monitorPositions({ ...deps });
    const cancelledStrays = await cancelStrays(deps, report.notInJournal, positionTrades);
    report.fixed = { orders, positions: positionsRun, cancelledStrays };
  }
  await recordAudit(dataSource.manager, {
    job: JOB,
    action: options.fix ? 'reconcile.fix' : 'reconcile.report',
    outcome: report.clean ? 'ok' : 'alarm',
    message: report.clean ? 'Journal and broker agree.' : `Journal and broker differ: ${summarise(report)}.`,
    details: { ...report, fixed: undefined } as unknown as Record<string, unknown>,
    at: clock.now(),
  });
  log.info({ event: 'reconcile.done', clean: report.clean, fix: Boolean(options.fix) });
  return report;
}

/** Protective orders the product placed (its client_order_id says so) for a trade that holds no shares. */
async function cancelStrays(deps: JobDeps, strays: ReconcileReport['notInJournal'], holding: readonly TradeJournal[]): Promise<string[]> {
  const holdingIds = new Set(holding.map((t) => t.tradeId));
  const cancelled: string[] = [];
  for (const stray of strays) {
    const parsed = stray.own ? parseClientOrderId(stray.clientOrderId) : null;
    if (!parsed || (parsed.leg !== 'stop' && parsed.leg !== 'oco')) continue;
    if (!parsed.hashed && holdingIds.has(parsed.scopeId)) continue;
    await deps.broker.cancelOrder(stray.orderId).catch(() => undefined);
    cancelled.push(stray.orderId);
    deps.log.warn({ event: 'reconcile.cancel-stray', orderId: stray.orderId, symbol: stray.symbol }, `Cancelled stray protective order ${stray.orderId} (${stray.symbol}).`);
  }
  return cancelled;
}

function describeOrder(order: BrokerOrder) {
  return {
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    own: parseClientOrderId(order.clientOrderId) !== null,
  };
}

function summarise(report: ReconcileReport): string {
  const parts: string[] = [];
  if (report.ordersBehind.length) parts.push(`${report.ordersBehind.length} orders behind the broker`);
  if (report.missedFills.length) parts.push(`${report.missedFills.length} missed fills`);
  if (report.unknownToBroker.length) parts.push(`${report.unknownToBroker.length} orders unknown to the broker`);
  if (report.notInJournal.length) parts.push(`${report.notInJournal.length} broker orders not in the journal`);
  if (report.positionsOnlyInJournal.length) parts.push(`${report.positionsOnlyInJournal.length} positions only in the journal`);
  if (report.positionsOnlyAtBroker.length) parts.push(`${report.positionsOnlyAtBroker.length} positions only at the broker`);
  if (report.quantityMismatches.length) parts.push(`${report.quantityMismatches.length} quantity mismatches`);
  if (report.unprotected.length) parts.push(`${report.unprotected.length} unprotected positions`);
  return parts.join(', ');
}
