import type { SimulatedBroker } from '../simulated/simulated-broker';
import { OrderChanges } from './order-changes';
import type { TradeUpdate, TradeUpdateStream } from './trade-update-stream';

/**
 * trade_updates of an in-memory SimulatedBroker, in process: `publish()` announces every order
 * change since the last call, synchronously, as the Alpaca adapter would deliver them. The demo
 * calls it right after it moves prices, so its day stays deterministic; nothing runs on a timer.
 * (The scheduler's file-backed simulated broker has no stream: other processes change its orders.)
 */
export class SimulatedTradeUpdateStream implements TradeUpdateStream {
  private readonly changes: OrderChanges;
  private readonly listeners: Array<(event: TradeUpdate) => void> = [];
  private connected = false;

  constructor(market: SimulatedBroker) {
    this.changes = new OrderChanges(market);
  }

  async connect(): Promise<void> {
    this.changes.look(); // what happened before listening is the catch-up pass's business
    this.connected = true;
  }

  async close(): Promise<void> {
    this.connected = false;
  }

  onEvent(listener: (event: TradeUpdate) => void): void {
    this.listeners.push(listener);
  }

  onDown(): void {
    // An in-process stream does not drop.
  }

  /** Sends an event for each change since the last call; returns how many. */
  publish(): number {
    if (!this.connected) return 0;
    let sent = 0;
    for (const { order, frames } of this.changes.look()) {
      for (const frame of frames) {
        const update: TradeUpdate = {
          event: frame.event,
          orderId: order.id,
          clientOrderId: order.clientOrderId,
          symbol: order.symbol,
          status: order.status,
          price: frame.price,
          qty: frame.qty,
          timestamp: frame.timestamp,
        };
        this.listeners.forEach((listener) => listener(update));
        sent++;
      }
    }
    return sent;
  }
}
