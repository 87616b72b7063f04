import { Ambiguous, Rejected, Transient, type RejectionReason } from '../broker-errors';
import { sampleRefusal } from '../alpaca/alpaca-refusals';

/** Calls that create an order can be refused or time out after acceptance; every call can fail. */
export type CallKind = 'read' | 'create' | 'cancel';

export interface FaultState {
  rateLimitedCalls: number;
  retryAfterMs: number;
  failingCalls: number;
  rejectNext: { reason: RejectionReason; message: string; httpStatus: number } | null;
  timeoutAfterAccept: boolean;
  /** Cancel requests still to fail (absent in state files written before it existed). */
  failingCancels?: number;
  /** Orders by client_order_id prefix still to refuse or fail (absent in older state files). */
  refusedOrders?: OrderRefusal[];
}

/** A remedy the broker will not take: refused for a reason, rate limited (429) or failed (5xx). */
export interface OrderRefusal {
  clientOrderIdPrefix: string;
  answer: RejectionReason | 'rate_limited' | 'outage';
  times: number;
}

/** Faults a test arms; each one is consumed by the calls it hits, in the order below. */
export class Faults {
  private state: FaultState;

  constructor(state?: FaultState) {
    this.state = state ? { ...state } : { rateLimitedCalls: 0, retryAfterMs: 0, failingCalls: 0, rejectNext: null, timeoutAfterAccept: false };
  }

  /** The next order-creating call is refused with Alpaca's words for `reason` (or `message`). */
  rejectNext(reason: RejectionReason, message?: string): void {
    const sample = sampleRefusal(reason);
    this.state.rejectNext = { reason, message: message ?? sample.message, httpStatus: sample.httpStatus };
  }

  /** The next `calls` calls of any kind answer "rate limited" (Alpaca's 429). */
  rateLimit(calls: number, retryAfterMs = 0): void {
    this.state.rateLimitedCalls = calls;
    this.state.retryAfterMs = retryAfterMs;
  }

  /** The next `calls` calls of any kind fail as a broker outage would (Alpaca's 5xx). */
  failNext(calls: number): void {
    this.state.failingCalls = calls;
  }

  /** The next `calls` cancel requests fail as a broker outage would (Alpaca's 5xx); other calls go through. */
  failNextCancels(calls: number): void {
    this.state.failingCancels = calls;
  }

  /** The next order-creating call is accepted, then reported as a timeout: the order exists. */
  timeoutAfterAcceptNext(): void {
    this.state.timeoutAfterAccept = true;
  }

  /** The next `times` orders whose client_order_id starts with the prefix get `answer` instead of an order. */
  refuseNextOrder(clientOrderIdPrefix: string, answer: OrderRefusal['answer'], times = 1): void {
    this.state.refusedOrders = [...(this.state.refusedOrders ?? []), { clientOrderIdPrefix, answer, times }];
  }

  clear(): void {
    this.state = { rateLimitedCalls: 0, retryAfterMs: 0, failingCalls: 0, rejectNext: null, timeoutAfterAccept: false };
  }

  /** Throws the fault due before the call does anything. */
  beforeCall(kind: CallKind): void {
    if (this.state.rateLimitedCalls > 0) {
      this.state.rateLimitedCalls--;
      throw new Transient('The simulated broker is rate limiting requests (HTTP 429); try again later.', this.state.retryAfterMs);
    }
    if (this.state.failingCalls > 0) {
      this.state.failingCalls--;
      throw new Transient('The simulated broker failed the request (HTTP 503, simulated outage); try again later.');
    }
    if (kind === 'cancel' && (this.state.failingCancels ?? 0) > 0) {
      this.state.failingCancels = (this.state.failingCancels ?? 0) - 1;
      throw new Transient('The simulated broker failed the cancel request (HTTP 503, simulated outage); the order was not cancelled.');
    }
    if (kind === 'create' && this.state.rejectNext) {
      const { reason, message, httpStatus } = this.state.rejectNext;
      this.state.rejectNext = null;
      throw new Rejected(reason, message, httpStatus);
    }
  }

  /** Throws the refusal armed for this client_order_id, if any, before the order is created. */
  beforeOrder(clientOrderId: string): void {
    const refusal = this.state.refusedOrders?.find((r) => clientOrderId.startsWith(r.clientOrderIdPrefix));
    if (!refusal) return;
    refusal.times--;
    if (refusal.times <= 0) this.state.refusedOrders = this.state.refusedOrders?.filter((r) => r !== refusal);
    if (refusal.answer === 'rate_limited') throw new Transient('The simulated broker is rate limiting requests (HTTP 429); try again later.', 0);
    if (refusal.answer === 'outage') throw new Transient('The simulated broker failed the request (HTTP 503, simulated outage); try again later.');
    const sample = sampleRefusal(refusal.answer);
    throw new Rejected(refusal.answer, sample.message, sample.httpStatus);
  }

  /** Called once an order-creating call has done its work. */
  afterAccept(clientOrderId: string): void {
    if (!this.state.timeoutAfterAccept) return;
    this.state.timeoutAfterAccept = false;
    throw new Ambiguous(
      `The order ${clientOrderId} may or may not have reached the broker (simulated timeout after acceptance). ` +
        'Look it up by client_order_id before sending anything else.',
      clientOrderId,
    );
  }

  toState(): FaultState {
    return {
      ...this.state,
      rejectNext: this.state.rejectNext ? { ...this.state.rejectNext } : null,
      refusedOrders: this.state.refusedOrders?.map((r) => ({ ...r })),
    };
  }
}
