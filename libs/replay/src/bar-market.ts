import type { BrokerOrder, SimulatedBroker } from '@trading-monitor/broker';
import { barExecution, exitInBar, journalStatusOf, parseClientOrderId, Price, type Bar, type BarExecution, type BothInOneBar } from '@trading-monitor/domain';
import type { DayBars } from './bars/day-bars';

/** The levels at which a symbol's working orders could fill: a bar that reaches none of them is passed by. */
interface Triggers {
  /** The highest level a falling price fills (buy limits, sell stops); -Infinity for none. */
  low: number;
  /** The lowest level a rising price fills (sell limits, buy stops); +Infinity for none. */
  high: number;
  /** A market order or a triggered stop: the next bar fills it, whatever it trades. */
  any: boolean;
}

/** What a bar filled: how many orders, and whether an entry was among them (its shares need protection now). */
export interface BarFills {
  fills: number;
  entryFilled: boolean;
}

const NONE: Triggers = { low: -Infinity, high: Infinity, any: false };

/**
 * The simulated broker fed with historical bars, through the domain's fill model (bar-fills.ts):
 * the bar's open is set as the last price first (the broker's own matching fills whatever the open
 * gaps through, at the open), then each order still working that the bar reaches is filled at its
 * level, an exit's two legs resolved by `bothInOneBar`, and the close becomes the last price.
 * Whole orders only: partial fills are not modelled.
 *
 * `couldFill` screens a bar by plain number comparisons against the working orders' levels, so the
 * replay touches the broker (and the database after it) only for the few bars that can fill.
 */
export class BarMarket {
  private triggers = new Map<string, Triggers>();
  private readonly settled = new Set<string>();

  constructor(
    private readonly sim: SimulatedBroker,
    private readonly bothInOneBar: BothInOneBar,
  ) {}

  /** Reads the working orders' levels again: after anything that may have placed, changed or ended an order. */
  refresh(): void {
    const triggers = new Map<string, Triggers>();
    for (const order of this.workingOrders()) {
      const t = triggers.get(order.symbol) ?? { ...NONE };
      const level = Number((order.type === 'stop' ? order.stopPrice : order.limitPrice)?.toString() ?? NaN);
      if (order.type === 'market' || Number.isNaN(level)) t.any = true;
      else if ((order.type === 'limit') === (order.side === 'buy')) t.low = Math.max(t.low, level);
      else t.high = Math.min(t.high, level);
      triggers.set(order.symbol, t);
    }
    this.triggers = triggers;
  }

  /** Symbols with a working order. */
  activeSymbols(): string[] {
    return [...this.triggers.keys()];
  }

  couldFill(symbol: string, bars: DayBars, i: number): boolean {
    const t = this.triggers.get(symbol);
    if (!t) return false;
    return t.any || bars.l[i] <= t.low || bars.h[i] >= t.high;
  }

  /**
   * Plays bar `i` of the symbol's day against its working orders (the clock must read a time
   * inside the bar, within the session).
   */
  applyBar(symbol: string, bars: DayBars, i: number): BarFills {
    const bar = barOf(bars, i);
    // Only orders working before the bar can fill in it (the product places nothing in between).
    const before = this.workingOrders().filter((o) => o.symbol === symbol);
    this.sim.setPrice(symbol, bar.open);
    const working = this.workingOrders().filter((o) => o.symbol === symbol);
    const legsOf = new Map<string, BrokerOrder[]>();
    for (const order of working) if (order.parentId) legsOf.set(order.parentId, [...(legsOf.get(order.parentId) ?? []), order]);
    for (const order of working) {
      if (order.parentId && working.some((o) => o.id === order.parentId)) continue; // decided with its parent
      const legs = legsOf.get(order.id) ?? [];
      const stopLeg = legs.find((leg) => leg.type === 'stop');
      if (order.orderClass === 'oco' && stopLeg) {
        const which = exitInBar(executionOf(stopLeg, bar), executionOf(order, bar), this.bothInOneBar);
        const chosen = which === 'stop' ? stopLeg : which === 'target' ? order : undefined;
        if (chosen) this.fill(chosen, bar);
        continue;
      }
      this.fill(order, bar);
    }
    this.sim.setPrice(symbol, bar.close);
    const filled = new Set(this.filledIn(symbol, before));
    const entries = before.filter((o) => filled.has(o.id) && parseClientOrderId(o.clientOrderId)?.leg === 'entry');
    return { fills: filled.size, entryFilled: entries.length > 0 };
  }

  /** Sets the last price without matching anything new: a bar already played, or the day's last close for the marks. */
  mark(symbol: string, price: number): void {
    this.sim.setPrice(symbol, Price.of(price));
  }

  private fill(order: BrokerOrder, bar: Bar): void {
    const current = this.sim.peekOrder(order.id);
    if (!current || journalStatusOf(current.status).terminal) return; // the open's match, or a sibling's fill, ended it
    const execution = executionOf(order, bar);
    if (!execution) return;
    this.sim.fill(order.id, undefined, execution.price);
  }

  /** Ids of these orders that have filled (a fill is final). */
  private filledIn(symbol: string, candidates: readonly BrokerOrder[]): string[] {
    return candidates.filter((o) => o.symbol === symbol && this.sim.peekOrder(o.id)?.status === 'filled').map((o) => o.id);
  }

  /**
   * Orders the market can fill: open, and not waiting for the session (accepted) or their entry
   * (bracket legs, never used here). Orders that ended are remembered and never looked at again:
   * a quarter's replay ends with thousands of them.
   */
  private workingOrders(): BrokerOrder[] {
    const working: BrokerOrder[] = [];
    for (const [id, mark] of this.sim.peekOrderMarks(this.settled)) {
      const status = mark.slice(0, mark.indexOf('|'));
      if (journalStatusOf(status as BrokerOrder['status']).terminal) {
        this.settled.add(id);
        continue;
      }
      const order = this.sim.peekOrder(id);
      if (order && order.status !== 'accepted' && !(order.status === 'held' && order.orderClass !== 'oco')) working.push(order);
    }
    return working;
  }
}

/** The product places market, limit and stop orders only; anything else is left to the broker's own matching. */
function executionOf(order: BrokerOrder, bar: Bar): BarExecution | undefined {
  if (order.type === 'stop_limit') return undefined;
  return barExecution({ side: order.side, type: order.type, limitPrice: order.limitPrice, stopPrice: order.stopPrice }, bar);
}

function barOf(bars: DayBars, i: number): Bar {
  return { open: Price.of(bars.o[i]), high: Price.of(bars.h[i]), low: Price.of(bars.l[i]), close: Price.of(bars.c[i]) };
}
