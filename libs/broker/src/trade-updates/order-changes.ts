import type { BrokerOrder } from '../broker';
import type { SimulatedBroker } from '../simulated/simulated-broker';

/** One trade_updates event as Alpaca frames it (docs.alpaca.markets, "Websocket streaming"), without its order. */
export interface OrderEventFrame {
  event: string;
  timestamp: string;
  price?: string;
  qty?: string;
  execution_id?: string;
}

/**
 * The simulated broker's order changes between two looks, as Alpaca's trade_updates would announce
 * them: `new`, then fills, then how the order ended. Shared by the loopback server's websocket feed
 * and the in-process SimulatedTradeUpdateStream (the demo). Each look compares cheap marks (status,
 * fill count) and copies only the orders that changed: a full copy of the book per look was the
 * burst bench's main cost (docs/benchmarks.md).
 */
export class OrderChanges {
  private readonly last: Map<string, BrokerOrder>;
  private readonly marks: Map<string, string>;
  /** Orders seen in a final state (filled, canceled, expired, replaced, rejected): never looked at again. */
  private readonly settled = new Set<string>();

  constructor(private readonly market: SimulatedBroker) {
    const orders = market.peekOrders();
    for (const order of orders) if (FINAL.includes(order.status)) this.settled.add(order.id);
    this.last = new Map(orders.filter((o) => !this.settled.has(o.id)).map((o) => [o.id, o]));
    this.marks = new Map(market.peekOrderMarks(this.settled));
  }

  /** What changed since the last look, in the order the orders were placed. */
  look(): Array<{ order: BrokerOrder; frames: OrderEventFrame[] }> {
    const changes: Array<{ order: BrokerOrder; frames: OrderEventFrame[] }> = [];
    for (const [id, mark] of this.market.peekOrderMarks(this.settled)) {
      if (this.marks.get(id) === mark) continue;
      this.marks.set(id, mark);
      const order = this.market.peekOrder(id);
      if (!order) continue;
      const frames = eventsOf(this.last.get(id), order);
      this.last.set(id, order);
      if (FINAL.includes(order.status)) {
        this.settled.add(id);
        this.last.delete(id);
        this.marks.delete(id);
      }
      if (frames.length > 0) changes.push({ order, frames });
    }
    return changes;
  }
}

const FINAL = ['filled', 'canceled', 'expired', 'replaced', 'rejected'];
const ENDED = ['canceled', 'expired', 'replaced', 'rejected', 'pending_cancel', 'pending_replace', 'done_for_day', 'stopped', 'suspended'];

/** Alpaca's events for one order between two looks: new, then fills, then how it ended. */
function eventsOf(before: BrokerOrder | undefined, after: BrokerOrder): OrderEventFrame[] {
  const at = after.updatedAt.toISOString();
  const frames: OrderEventFrame[] = [];
  if (!before && after.status !== 'rejected') frames.push({ event: 'new', timestamp: after.submittedAt.toISOString() });
  const filledBefore = before?.filledQty ?? 0;
  if (after.filledQty > filledBefore) {
    frames.push({
      event: after.filledQty >= after.qty ? 'fill' : 'partial_fill',
      timestamp: at,
      qty: String(after.filledQty - filledBefore),
      price: after.filledAvgPrice?.toString(),
      execution_id: `${after.id}-${after.filledQty}`,
    });
  }
  if (before?.status !== after.status && ENDED.includes(after.status)) frames.push({ event: after.status, timestamp: at });
  return frames;
}
