import type { BrokerOrderStatus, Price, Side, TimeInForce } from '@trading-monitor/domain';

/**
 * The only door to a broker. Implementations: `AlpacaBroker` (the real one, over the SDK) and
 * `SimulatedBroker` (tests, demo, rehearsals). Failures are the typed errors of broker-errors.ts;
 * nothing above this port sees an HTTP status code.
 */
export interface Broker {
  /** A limit or market entry. `clientOrderId` makes a retried submit recognisable. */
  submitEntry(request: EntryOrderRequest): Promise<BrokerOrder>;
  /**
   * Protection for shares already held: one stop, or one OCO (take-profit limit + stop) so the two
   * legs share the reserved quantity. Returns every order it created: `[stop]`, or
   * `[takeProfitLeg, stopLeg]` for an OCO.
   */
  submitProtection(request: ProtectionOrderRequest): Promise<BrokerOrder[]>;
  /** Asks to cancel. Resolves when accepted (the order may pass through pending_cancel). */
  cancelOrder(orderId: string): Promise<void>;
  /** Cancel-and-replace at the broker; the old order becomes `replaced`, the result is the new one. */
  replaceOrder(orderId: string, changes: ReplaceOrderRequest): Promise<BrokerOrder>;
  getOrder(orderId: string): Promise<BrokerOrder>;
  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder>;
  /**
   * Orders by status, submitted after `after` when given; pages through the broker's limit until
   * complete. Multi-leg orders come flattened: each leg is its own `BrokerOrder` with `parentId`.
   */
  listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]>;
  listPositions(): Promise<BrokerPosition[]>;
  /**
   * Market order that flattens the position (cancelling its open orders first). The order carries
   * `options.clientOrderId` when given, else one the adapter makes up (reported in `Ambiguous`).
   */
  closePosition(symbol: string, options?: ClosePositionOptions): Promise<BrokerOrder>;
  /** Last trade price per symbol, one call for all; symbols without data are absent. */
  latestPrices(symbols: readonly string[]): Promise<Map<string, Price>>;
  getClock(): Promise<MarketClock>;
  /** Trading days from `from` to `to` inclusive (YYYY-MM-DD, New York dates). */
  getCalendar(from: string, to: string): Promise<MarketDay[]>;
}

export interface EntryOrderRequest {
  symbol: string;
  side: Side;
  qty: number;
  type: 'limit' | 'market';
  /** Required for `limit`. */
  limitPrice?: Price;
  timeInForce: TimeInForce;
  clientOrderId: string;
  /**
   * Exit legs sent with the entry, held until it fills: a stop and a take-profit make a bracket
   * order, a stop alone an OTO. The legs are visible in `listOrders` with `parentId` set.
   */
  attached?: { stopPrice: Price; takeProfitPrice?: Price };
}

export interface ClosePositionOptions {
  clientOrderId?: string;
}

export type ProtectionOrderRequest =
  | {
      kind: 'stop';
      symbol: string;
      /** The exit side: `sell` protects a long position. */
      side: Side;
      qty: number;
      stopPrice: Price;
      timeInForce: TimeInForce;
      clientOrderId: string;
    }
  | {
      kind: 'oco';
      symbol: string;
      side: Side;
      qty: number;
      stopPrice: Price;
      takeProfitPrice: Price;
      timeInForce: TimeInForce;
      clientOrderId: string;
    };

export interface ReplaceOrderRequest {
  qty?: number;
  limitPrice?: Price;
  stopPrice?: Price;
  timeInForce?: TimeInForce;
  clientOrderId?: string;
}

export interface ListOrdersQuery {
  status: 'open' | 'closed' | 'all';
  /** Only orders submitted strictly after this time. */
  after?: Date;
  symbols?: readonly string[];
}

export interface BrokerOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: 'market' | 'limit' | 'stop' | 'stop_limit';
  orderClass: 'simple' | 'oco' | 'bracket' | 'oto';
  timeInForce: TimeInForce;
  qty: number;
  filledQty: number;
  /** Running volume-weighted average of the fills, exact as the broker reports it. */
  filledAvgPrice: Price | null;
  limitPrice: Price | null;
  stopPrice: Price | null;
  status: BrokerOrderStatus;
  submittedAt: Date;
  updatedAt: Date;
  filledAt: Date | null;
  canceledAt: Date | null;
  expiredAt: Date | null;
  /** The order this one is a leg of (OCO stop leg, bracket legs). */
  parentId: string | null;
  /** Set on a `replaced` order: the id of its replacement. */
  replacedBy: string | null;
  /** Set on a replacement: the id of the order it replaced (a replace request, a dashboard edit, a corporate action). */
  replaces: string | null;
}

export interface BrokerPosition {
  symbol: string;
  /** Signed: negative for a short position. */
  qty: number;
  side: 'long' | 'short';
  avgEntryPrice: Price;
  currentPrice: Price | null;
}

export interface MarketClock {
  timestamp: Date;
  isOpen: boolean;
  nextOpen: Date;
  nextClose: Date;
}

export interface MarketDay {
  /** New York date, YYYY-MM-DD. */
  date: string;
  /** Session open and close as instants (an early close shows here). */
  open: Date;
  close: Date;
}
