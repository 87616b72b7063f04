import type { BrokerOrder } from '@trading-monitor/broker';
import { journalStatusOf } from '@trading-monitor/domain';
import { findOpenOrders, findOrdersOfTrades, findPositionTrades, findTradesByIds, recordAudit, type OrderExecution } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import type { ClosedTrade } from '../trade-sync/close-trade';
import { syncTrade } from '../trade-sync/sync-trade';
import { describeError } from '../describe-error';
import { fetchOrderReports } from './fetch-order-reports';

export interface MonitorOrdersSummary {
  /** Working journal orders compared with the broker. */
  checked: number;
  /** Orders whose status or fills changed. */
  updated: number;
  /** Trades whose entry filled (first shares or more). */
  filled: number;
  /** Protective orders placed (an OCO counts once). */
  protected: number;
  closed: ClosedTrade[];
  cancelled: Array<{ tradeId: string; symbol: string; reason: string }>;
  /** Problems that need a person: unprotected shares, orders the broker does not know. */
  alarms: string[];
  /** Steps that failed and will be retried next run. */
  failed: Array<{ tradeId?: string; error: string }>;
}

const JOB = 'monitor-orders' as const;

/**
 * Brings every working order in from the broker and acts on what changed: entry fills become
 * protected positions, protective fills close trades with exact P&L, unfilled entries that ended
 * close their trades. Also re-protects any position whose protection is missing or short.
 * Each trade is one transaction; one trade's failure does not stop the others.
 */
export async function monitorOrders(deps: JobDeps): Promise<MonitorOrdersSummary> {
  const { dataSource, broker, clock, log } = deps;
  const summary: MonitorOrdersSummary = { checked: 0, updated: 0, filled: 0, protected: 0, closed: [], cancelled: [], alarms: [], failed: [] };

  const openOrders = await findOpenOrders(dataSource.manager);
  const positions = await findPositionTrades(dataSource.manager);
  const tradeIds = [...new Set([...openOrders.map((o) => o.tradeJournalId), ...positions.map((t) => t.id)])];
  if (tradeIds.length === 0) return summary;
  const trades = new Map((await findTradesByIds(dataSource.manager, tradeIds)).map((t) => [t.id, t]));
  summary.checked = openOrders.length;

  let fetched;
  try {
    fetched = await fetchOrderReports(
      broker,
      openOrders.map((o) => ({ alpacaOrderId: o.alpacaOrderId, symbol: trades.get(o.tradeJournalId)?.symbol ?? '', recordedAt: o.createdAt ?? new Date(0) })),
    );
  } catch (error) {
    const message = `The broker could not be read (${describeError(error)}); every order keeps its last known state until the next run.`;
    log.warn({ event: 'monitor-orders.broker-unavailable' }, message);
    summary.failed.push({ error: message });
    return summary;
  }
  for (const id of fetched.unknown) {
    const message = `Order ${id} is in the journal but unknown to the broker. Check it in the Alpaca dashboard, then run reconcile.`;
    summary.alarms.push(message);
    log.error({ event: 'order.unknown', orderId: id }, message);
    await recordAudit(dataSource.manager, { job: JOB, action: 'order.lookup', outcome: 'alarm', message, alpacaOrderId: id, at: clock.now() });
  }

  const allOrders = await findOrdersOfTrades(dataSource.manager, tradeIds);
  for (const tradeId of tradeIds.filter((id) => needsStep(allOrders.filter((o) => o.tradeJournalId === id), fetched.reports))) {
    try {
      const result = await dataSource.transaction((manager) => syncTrade({ manager, broker, clock, log, job: JOB }, tradeId, fetched.reports));
      if (!result) continue;
      summary.updated += result.ordersUpdated;
      if (result.filled) summary.filled++;
      if (result.protection?.kind === 'placed') summary.protected++;
      if (result.closed) summary.closed.push(result.closed);
      if (result.cancelled) summary.cancelled.push({ tradeId: result.tradeId, symbol: result.symbol, reason: result.cancelled });
      summary.alarms.push(...result.alarms);
    } catch (error) {
      const trade = trades.get(tradeId);
      const message = `${trade?.symbol ?? 'trade'} ${trade?.tradeId ?? tradeId}: ${describeError(error)}; retried next run.`;
      log.error({ event: 'monitor-orders.step-failed', tradeId: trade?.tradeId, err: error }, message);
      summary.failed.push({ tradeId: trade?.tradeId, error: message });
    }
  }
  log.info({ event: 'monitor-orders.done', ...counts(summary) });
  return summary;
}

/** Something to do for this trade: a report that differs from the journal, or held shares not covered. */
function needsStep(orders: OrderExecution[], reports: ReadonlyMap<string, BrokerOrder>): boolean {
  const working = orders.filter((o) => o.orderStatus === 'pending' || o.orderStatus === 'partially_filled');
  const changed = working.some((o) => {
    const report = reports.get(o.alpacaOrderId);
    return report !== undefined && (journalStatusOf(report.status, report.filledQty).journal !== o.orderStatus || report.filledQty !== (o.filledQty ?? 0));
  });
  if (changed) return true;
  const filled = (role: (o: OrderExecution) => boolean) => orders.filter(role).reduce((sum, o) => sum + (o.filledQty ?? 0), 0);
  const held = filled((o) => o.orderType === 'ENTRY') - filled((o) => o.orderType !== 'ENTRY');
  const covered = working.filter((o) => o.orderType === 'STOP_LOSS').reduce((sum, o) => sum + o.qty - (o.filledQty ?? 0), 0);
  return held !== covered;
}

function counts(summary: MonitorOrdersSummary) {
  return {
    checked: summary.checked,
    updated: summary.updated,
    filled: summary.filled,
    protected: summary.protected,
    closed: summary.closed.length,
    cancelled: summary.cancelled.length,
    alarms: summary.alarms.length,
    failed: summary.failed.length,
  };
}
