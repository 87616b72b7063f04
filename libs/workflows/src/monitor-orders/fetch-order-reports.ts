import { NotFound, type Broker, type BrokerOrder } from '@trading-monitor/broker';

/** A working journal order, as much as the lookup needs. */
export interface WatchedOrder {
  alpacaOrderId: string;
  symbol: string;
  /** When the journal recorded it: just after the broker accepted it. */
  recordedAt: Date;
}

// An hour covers any skew between the broker's submit time and the journal's record of it. Orders
// adopted long after their submit fall through to a lookup by id.
const SUBMIT_MARGIN_MS = 60 * 60 * 1000;

export interface OrderReports {
  reports: Map<string, BrokerOrder>;
  /** Journal orders the broker does not know at all. */
  unknown: string[];
}

/**
 * What the broker says now about the journal's working orders, in as few calls as the book allows:
 * one list of open orders covers every order still working; one list of closed orders (since the
 * oldest order that left the open list, in those symbols) covers the ones that finished. Only an
 * order neither list shows is looked up by id.
 */
export async function fetchOrderReports(broker: Broker, orders: readonly WatchedOrder[]): Promise<OrderReports> {
  const reports = new Map<string, BrokerOrder>();
  if (orders.length === 0) return { reports, unknown: [] };
  for (const order of await broker.listOrders({ status: 'open' })) reports.set(order.id, order);

  let missing = orders.filter((o) => !reports.has(o.alpacaOrderId));
  if (missing.length > 0) {
    const earliest = Math.min(...missing.map((o) => o.recordedAt.getTime()));
    const symbols = [...new Set(missing.map((o) => o.symbol))];
    for (const order of await broker.listOrders({ status: 'closed', after: new Date(earliest - SUBMIT_MARGIN_MS), symbols })) {
      reports.set(order.id, order);
    }
    missing = missing.filter((o) => !reports.has(o.alpacaOrderId));
  }
  const unknown: string[] = [];
  for (const order of missing) {
    try {
      reports.set(order.alpacaOrderId, await broker.getOrder(order.alpacaOrderId));
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      unknown.push(order.alpacaOrderId);
    }
  }
  return { reports, unknown };
}
