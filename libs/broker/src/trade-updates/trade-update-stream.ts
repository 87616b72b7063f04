/**
 * The broker's order events as they happen: Alpaca's `trade_updates` stream. One connection per
 * `connect()`; reconnecting (backoff, jitter, catch-up) is the caller's job, so it can be tested
 * and logged where the lifecycle lives (libs/workflows/src/stream).
 */
export interface TradeUpdateStream {
  /** Opens, authenticates and listens; resolves once the broker confirms `listening`. */
  connect(): Promise<void>;
  close(): Promise<void>;
  onEvent(listener: (event: TradeUpdate) => void): void;
  /** Called once when an open connection ends (dropped, refused, closed by the broker). */
  onDown(listener: (reason: string) => void): void;
}

/**
 * Alpaca's event names (docs.alpaca.markets, "Websocket streaming", trade_updates): the common ones
 * are new, fill, partial_fill, canceled, expired, done_for_day, replaced; rarer: accepted, rejected,
 * pending_new, stopped, pending_cancel, pending_replace, calculated, suspended,
 * order_replace_rejected, order_cancel_rejected. Unknown names are passed through.
 */
export type TradeUpdateEventName =
  | 'new'
  | 'fill'
  | 'partial_fill'
  | 'canceled'
  | 'expired'
  | 'done_for_day'
  | 'replaced'
  | 'accepted'
  | 'rejected'
  | 'pending_new'
  | 'stopped'
  | 'pending_cancel'
  | 'pending_replace'
  | 'calculated'
  | 'suspended'
  | 'order_replace_rejected'
  | 'order_cancel_rejected'
  | (string & {});

export interface TradeUpdate {
  event: TradeUpdateEventName;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  /** The order's status as the event carries it; the lifecycle reads the order again anyway. */
  status: string;
  /** Exact decimal strings as Alpaca sends them (fills only). */
  price?: string;
  qty?: string;
  positionQty?: string;
  timestamp?: string;
}
