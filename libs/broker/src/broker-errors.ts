/**
 * The port's few errors. The adapters translate everything they meet into these; the workflows
 * decide what to do: `Rejected` is final, `Transient` is retried on a later run, `Ambiguous`
 * must be resolved by client_order_id before anything else is sent.
 */
export abstract class BrokerError extends Error {
  abstract readonly kind: 'rejected' | 'not_found' | 'transient' | 'ambiguous';
  /**
   * The broker's id of the failed request (Alpaca's `X-Request-ID`), where it answered with one. It
   * cannot be looked up later, so it travels with the error into the log line and support tickets.
   */
  readonly requestId?: string;

  constructor(message: string, origin: BrokerErrorOrigin = {}) {
    super(message, origin.cause === undefined ? undefined : { cause: origin.cause });
    if (origin.requestId !== undefined) this.requestId = origin.requestId;
  }
}

/** Where a broker error came from: the SDK's error it translates (`cause`), and the broker's request id. */
export interface BrokerErrorOrigin {
  cause?: unknown;
  requestId?: string;
}

/** Why the broker refused, where the product reacts differently to different refusals. */
export type RejectionReason =
  | 'duplicate_client_order_id'
  | 'insufficient_qty'
  | 'wash_trade'
  | 'pattern_day_trading'
  | 'insufficient_buying_power'
  | 'sub_penny_increment'
  /** A stop that would trigger at once: the market is already at or through its stop price. */
  | 'stop_through_market'
  | 'not_cancelable'
  | 'market_closed'
  | 'invalid'
  | 'forbidden';

/** A permanent refusal, with the broker's own words in `brokerMessage`. */
export class Rejected extends BrokerError {
  override readonly name = 'Rejected';
  readonly kind = 'rejected';
  constructor(
    readonly reason: RejectionReason,
    readonly brokerMessage: string,
    readonly httpStatus?: number,
    origin?: BrokerErrorOrigin,
  ) {
    super(`The broker refused: ${brokerMessage}`, origin);
  }
}

export class NotFound extends BrokerError {
  override readonly name = 'NotFound';
  readonly kind = 'not_found';
}

/** Rate limit, 5xx, network: nothing happened or a read failed; try again later. */
export class Transient extends BrokerError {
  override readonly name = 'Transient';
  readonly kind = 'transient';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    origin?: BrokerErrorOrigin,
  ) {
    super(message, origin);
  }
}

/** A submit whose outcome is unknown (timeout after sending): the order may or may not exist. */
export class Ambiguous extends BrokerError {
  override readonly name = 'Ambiguous';
  readonly kind = 'ambiguous';
  constructor(
    message: string,
    readonly clientOrderId: string,
    origin?: BrokerErrorOrigin,
  ) {
    super(message, origin);
  }
}

export function isBrokerError(error: unknown): error is BrokerError {
  return error instanceof BrokerError;
}
