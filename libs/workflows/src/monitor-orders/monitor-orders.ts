import type { BrokerOrder } from '@trading-monitor/broker';
import { isWorkingOrderStatus, journalStatusOf, unprotectedShares } from '@trading-monitor/domain';
import { findOpenOrders, findOrdersOfTrades, findPositionTrades, findTradesByIds, recordAudit, type OrderExecution } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import type { ClosedTrade } from '../trade-sync/close-trade';
import { brokerPositions } from '../trade-sync/broker-positions';
import { runTradeStep } from '../trade-sync/trade-step';
import { alarmUnloadable } from '../trade-sync/unloadable-trade';
import { describeError } from '../describe-error';
import type { ExecutedDecision } from '../execute-decisions/execute-decisions';
import { adoptPlacedEntries } from './adopt-placed-entries';
import { fetchOrderReports } from './fetch-order-reports';

export interface MonitorOrdersSummary {
  /** Decisions an unfinished run left (an entry placed, a CANCEL or AMEND in progress), finished now (see adopt-placed-entries.ts). */
  adopted: ExecutedDecision[];
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
  const summary: MonitorOrdersSummary = { adopted: [], checked: 0, updated: 0, filled: 0, protected: 0, closed: [], cancelled: [], alarms: [], failed: [] };

  try {
    summary.adopted = await adoptPlacedEntries(deps);
    // A CANCEL or AMEND that needs a person (it let shares fill, or the broker keeps failing it).
    summary.alarms.push(...summary.adopted.filter((d) => d.alarm).map((d) => d.message));
  } catch (error) {
    summary.failed.push({ error: `Entries placed by unfinished runs could not be checked (${describeError(error)}); next run tries again.` });
  }

  const openOrders = await findOpenOrders(dataSource.manager);
  const positionTrades = await findPositionTrades(dataSource.manager);
  const tradeIds = [...new Set([...openOrders.map((o) => o.tradeJournalId), ...positionTrades.map((t) => t.id)])];
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
  const assessed = tradeIds.map((id) => ({
    id,
    ...assess(
      allOrders.filter((o) => o.tradeJournalId === id),
      fetched.reports,
    ),
  }));
  // Checked before any protective order is placed, once per run: see StepContext.positions.
  const positions = brokerPositions(broker);
  for (const { id: tradeId } of assessed.filter((t) => t.changed || t.uncovered)) {
    const trade = trades.get(tradeId);
    try {
      // The trade_updates stream may be syncing this trade right now: the step's lock puts one after the other.
      const result = await runTradeStep({ ...deps, job: JOB, positions }, { kind: 'sync', tradeJournalId: tradeId, reports: fetched.reports });
      if (!result) continue;
      summary.updated += result.ordersUpdated;
      if (result.filled) summary.filled++;
      if (result.protection?.kind === 'placed') summary.protected++;
      if (result.closed) summary.closed.push(result.closed);
      if (result.cancelled) summary.cancelled.push({ tradeId: result.tradeId, symbol: result.symbol, reason: result.cancelled });
      summary.alarms.push(...result.alarms);
    } catch (error) {
      const unloadable = await alarmUnloadable(
        error,
        { manager: dataSource.manager, log, job: JOB, at: clock.now() },
        { id: tradeId, tradeId: trade?.tradeId, symbol: trade?.symbol },
      );
      if (unloadable) {
        summary.alarms.push(unloadable);
        continue;
      }
      const message = `${trade?.symbol ?? 'trade'} ${trade?.tradeId ?? tradeId}: ${describeError(error)}; retried next run.`;
      log.error({ event: 'monitor-orders.step-failed', tradeId: trade?.tradeId, err: error }, message);
      summary.failed.push({ tradeId: trade?.tradeId, error: message });
    }
  }
  log.info({ event: 'monitor-orders.done', ...counts(summary) });
  return summary;
}

/** What the broker's reports mean for a trade, before touching the journal: any order changed, or held shares uncovered. */
function assess(orders: OrderExecution[], reports: ReadonlyMap<string, BrokerOrder>): { changed: boolean; uncovered: boolean } {
  const now = orders.map((o) => {
    const report = isWorkingOrderStatus(o.orderStatus) ? reports.get(o.alpacaOrderId) : undefined;
    const status = report ? journalStatusOf(report.status, report.filledQty).journal : o.orderStatus;
    const filledQty = report ? Math.max(report.filledQty, o.filledQty ?? 0) : (o.filledQty ?? 0);
    return { order: o, status, filledQty, changed: status !== o.orderStatus || filledQty !== (o.filledQty ?? 0) };
  });
  const filled = (entry: boolean) => now.filter((x) => (x.order.orderType === 'ENTRY') === entry).reduce((sum, x) => sum + x.filledQty, 0);
  const held = filled(true) - filled(false);
  const uncovered = unprotectedShares(
    held,
    now.map((x) => ({ role: x.order.orderType, status: x.status, qty: x.order.qty, filledQty: x.filledQty })),
  );
  return { changed: now.some((x) => x.changed), uncovered: uncovered > 0 };
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
    adopted: summary.adopted.length,
    failed: summary.failed.length,
  };
}
