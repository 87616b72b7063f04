/**
 * What can happen at the venue between two of the product's calls. Alpaca fills orders on its own
 * time, not when the product reads: an entry can fill more between the read of the order and the
 * read of the positions (the two endpoints can even disagree for seconds, Alpaca-API issue 276),
 * and a stop can be re-placed by another process between the cancels of a close and its sell.
 * The simulated broker calls the interleaving at the start of every port call, after catching up
 * with the clock and before the call reads or acts, and once more inside `closePosition` between
 * its cancels and its sell (where the real adapter's sell would reach the venue). Tests and the
 * fault campaign draw from it; it runs only in memory (never saved in a state file).
 */
export type PortCall =
  | 'submitOrder'
  | 'cancelOrder'
  | 'replaceOrder'
  | 'getOrder'
  | 'getOrderByClientId'
  | 'listOrders'
  | 'listPositions'
  | 'closePosition'
  | 'latestPrices'
  | 'getClock'
  | 'getCalendar';

export interface PortCallMoment {
  call: PortCall;
  /** The order a submit is about to create (its client_order_id), when the call says. */
  clientOrderId?: string;
}

/** Runs before a port call returns anything; may fill orders, move prices or make other port calls. */
export type Interleaving = (moment: PortCallMoment) => void | Promise<void>;

/** The interleavings armed on one simulated broker, run one at a time (never inside one another). */
export class Interleavings {
  private readonly hooks: Interleaving[] = [];
  private running = false;

  /** Adds an interleaving; returns the function that removes it. */
  add(hook: Interleaving): () => void {
    this.hooks.push(hook);
    return () => {
      const at = this.hooks.indexOf(hook);
      if (at >= 0) this.hooks.splice(at, 1);
    };
  }

  /** Once, before the first port call that `when` accepts (default: the next call), runs `act`. */
  once(act: (moment: PortCallMoment) => void | Promise<void>, when: (moment: PortCallMoment) => boolean = () => true): void {
    const remove = this.add(async (moment) => {
      if (!when(moment)) return;
      remove();
      await act(moment);
    });
  }

  clear(): void {
    this.hooks.length = 0;
  }

  async run(moment: PortCallMoment): Promise<void> {
    // A port call made by an interleaving does not interleave again: the venue does one thing at a time.
    if (this.running || this.hooks.length === 0) return;
    this.running = true;
    try {
      for (const hook of [...this.hooks]) await hook(moment);
    } finally {
      this.running = false;
    }
  }
}
