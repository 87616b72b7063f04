import type { OrderBook } from './order-book';
import { isOpenStatus, type SimOrder } from './sim-order';

/**
 * How the simulated venue confirms cancels. Alpaca answers a cancel request at once (HTTP 204),
 * then the order reads `pending_cancel` until the venue confirms it ("The order is waiting to be
 * cancelled"), usually within a second; it can still fill meanwhile, and then the fill is what
 * happened. `asynchronous` (the default, strict) models that: the read right after the request
 * still shows `pending_cancel`, the venue confirms at the port call after it (a later run sees it
 * done), and a test can hold cancels pending as long as it likes. `immediate` relaxes it for a
 * test that wants the old, kinder broker.
 */
export type CancelMode = 'asynchronous' | 'immediate';

// The request is call n; the read right after it (n+1) still sees pending_cancel; call n+2 sees it confirmed.
const CONFIRM_AFTER_CALLS = 2;

export class PendingCancels {
  /** Order id → the port call at which the venue confirms. */
  private readonly due = new Map<string, number>();
  private calls = 0;
  private held = false;

  constructor(
    private readonly book: OrderBook,
    private readonly mode: CancelMode = 'asynchronous',
  ) {
    // An account read back from its state file: cancels it left pending are confirmed at the next call.
    for (const order of book.openOrders()) if (order.status === 'pending_cancel') this.due.set(order.id, 0);
  }

  /** Asks to cancel: pending until confirmed (or done at once in `immediate` mode). */
  request(order: SimOrder, at: Date): void {
    if (this.mode === 'immediate') {
      this.book.cancel(order, at);
      return;
    }
    for (const member of this.book.requestCancel(order, at)) if (!this.due.has(member.id)) this.due.set(member.id, this.calls + CONFIRM_AFTER_CALLS);
  }

  /** Counts a port call and confirms the cancels due by then (unless held). */
  onCall(at: Date): void {
    this.calls++;
    if (!this.held) this.confirm(at, this.calls);
  }

  /** Keeps every cancel pending (true) until `confirmAll`, or lets them be confirmed again (false). */
  hold(held: boolean): void {
    this.held = held;
  }

  /** The venue confirms every pending cancel now. */
  confirmAll(at: Date): void {
    this.confirm(at, Number.POSITIVE_INFINITY);
  }

  private confirm(at: Date, upToCall: number): void {
    for (const [id, dueAt] of [...this.due]) {
      if (dueAt > upToCall) continue;
      this.due.delete(id);
      const order = this.book.find(id);
      // Filled (or ended) while the cancel was pending: the fill is what happened.
      if (order && isOpenStatus(order.status) && order.status === 'pending_cancel') this.book.cancel(order, at);
    }
  }
}
