import { NotFound, Rejected, type Broker, type BrokerOrder } from '@trading-monitor/broker';
import type { OrderExecution } from '@trading-monitor/persistence';
import { applyReport } from './apply-order-report';
import type { StepContext } from './sync-context';
import type { TradeState } from './trade-state';

/**
 * Asks the broker to cancel a working order, then records what the broker says the order is now:
 * cancelled, still pending cancel, or already filled (a cancel can lose the race against a fill,
 * and then the fill is what counts). Safe to repeat.
 */
export async function cancelOrderAt(ctx: StepContext, state: TradeState, order: OrderExecution): Promise<BrokerOrder | null> {
  let report: BrokerOrder;
  try {
    report = await cancelAndRead(ctx.broker, order.alpacaOrderId);
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
  await applyReport(ctx.manager, state, order, report);
  ctx.log.info({ event: 'order.cancel', tradeId: state.trade.tradeId, orderId: order.alpacaOrderId, role: order.orderType, status: report.status });
  return report;
}

/**
 * Asks the broker to cancel, and reads the order back: what it says now is the truth, whatever
 * the cancel call answered (already filled and already cancelled orders refuse a cancel).
 */
export async function cancelAndRead(broker: Broker, orderId: string): Promise<BrokerOrder> {
  await requestCancel(broker, orderId);
  const first = await broker.getOrder(orderId);
  // Alpaca accepts a cancel (204) and the venue confirms it a moment later; until then the order
  // reads pending_cancel and may still fill. One more read usually sees it settled; if not, the
  // caller leaves it pending and a later run finishes the job (see docs/operations.md).
  return first.status === 'pending_cancel' ? broker.getOrder(orderId) : first;
}

async function requestCancel(broker: Broker, orderId: string): Promise<void> {
  try {
    await broker.cancelOrder(orderId);
  } catch (error) {
    // Already filled, already cancelled, gone: reading the order tells which.
    if (!(error instanceof Rejected && error.reason === 'not_cancelable') && !(error instanceof NotFound)) throw error;
  }
}
