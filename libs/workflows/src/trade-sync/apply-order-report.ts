import type { BrokerOrder } from '@trading-monitor/broker';
import { IllegalTransitionError, applyOrderReport, journalStatusOf } from '@trading-monitor/domain';
import { OrderExecution, OrderFill, saveFill, type EntityManager } from '@trading-monitor/persistence';
import type { TradeState } from './trade-state';

export type ReportResult = 'changed' | 'unchanged' | 'stale' | { illegal: string };

/**
 * Brings one journal order up to what the broker reports: status, filled quantity and average
 * (rounded in order_execution, exact in order_fill). Idempotent; stale reports are ignored.
 * Updates `state` in place so the rest of the step sees the new figures.
 */
export async function applyReport(manager: EntityManager, state: TradeState, order: OrderExecution, report: BrokerOrder): Promise<ReportResult> {
  const reported = journalStatusOf(report.status, report.filledQty);
  let update;
  try {
    update = applyOrderReport({ status: order.orderStatus, filledQty: order.filledQty ?? 0 }, { status: reported.journal, filledQty: report.filledQty });
  } catch (error) {
    if (error instanceof IllegalTransitionError) return { illegal: error.message };
    throw error;
  }
  if (update.outcome !== 'changed') return update.outcome;

  order.orderStatus = update.state.status;
  order.filledQty = update.state.filledQty;
  order.filledAvgPrice = report.filledAvgPrice;
  order.filledAt = report.filledAt ?? order.filledAt;
  await manager
    .getRepository(OrderExecution)
    .update({ id: order.id }, { orderStatus: order.orderStatus, filledQty: order.filledQty, filledAvgPrice: order.filledAvgPrice, filledAt: order.filledAt });
  if (report.filledQty > 0 && report.filledAvgPrice) {
    const fill: OrderFill = {
      orderExecutionId: order.id,
      alpacaOrderId: order.alpacaOrderId,
      filledQty: report.filledQty,
      filledAvgPrice: report.filledAvgPrice,
      updatedAt: report.updatedAt,
    };
    await saveFill(manager, fill);
    state.fills.set(order.id, fill);
  }
  return 'changed';
}
