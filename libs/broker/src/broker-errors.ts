/**
 * The port's few errors. The adapters translate everything they meet into these; the workflows
 * decide what to do: `Rejected` is final, `Transient` is retried on a later run, `Ambiguous`
 * must be resolved by client_order_id before anything else is sent.
 */
export abstract class BrokerError extends Error {
  abstract readonly kind: 'rejected' | 'not_found' | 'transient' | 'ambiguous';
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
  ) {
    super(`The broker refused: ${brokerMessage}`);
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
  ) {
    super(message);
  }
}

/** A submit whose outcome is unknown (timeout after sending): the order may or may not exist. */
export class Ambiguous extends BrokerError {
  override readonly name = 'Ambiguous';
  readonly kind = 'ambiguous';
  constructor(
    message: string,
    readonly clientOrderId: string,
  ) {
    super(message);
  }
}

export function isBrokerError(error: unknown): error is BrokerError {
  return error instanceof BrokerError;
}
