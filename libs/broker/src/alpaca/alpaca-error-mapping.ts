import { ApiError, AuthError, FetchError, NotFoundError, RateLimitError } from '@alpacahq/alpaca-trade-api/rest';
import { maskSecrets } from '@trading-monitor/config';
import { Ambiguous, BrokerError, NotFound, Rejected, Transient, type BrokerErrorOrigin } from '../broker-errors';
import { UnexpectedBrokerResponse } from '../unexpected-broker-response';
import { rejectionReasonOf } from './alpaca-refusals';

/**
 * What the failed call was. `create` calls (submit, replace, close position) can leave an order
 * behind when their answer is lost, so they fail `Ambiguous` where a read fails `Transient`.
 */
export interface AlpacaCallContext {
  kind: 'read' | 'create' | 'cancel';
  /** For messages: "listing orders", "submitting order abc-1". */
  action: string;
  /** For `create` calls: how the caller finds the order if the answer was lost. */
  clientOrderId?: string;
  /** Literal secrets to mask out of any text that reaches a message. */
  secrets: readonly string[];
}

// Errors from the network layer that prove the request never left: nothing can have happened.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * The SDK's errors as the port's: nothing above the adapter sees a status code. Refusals keep
 * Alpaca's words; an outcome the adapter cannot know is `Ambiguous` for anything that creates an
 * order. Each keeps the SDK's error as its `cause` and Alpaca's request id as `requestId`. Errors
 * that are not the SDK's (bugs, UnexpectedBrokerResponse) pass through unchanged.
 */
export function toBrokerError(error: unknown, context: AlpacaCallContext): Error {
  if (error instanceof BrokerError || error instanceof UnexpectedBrokerResponse) return error;
  const mask = (text: string) => maskSecrets(text, context.secrets);

  if (isNetworkFailure(error)) {
    const reason = mask(describeNetworkFailure(error));
    const origin = { cause: error };
    if (context.kind === 'create' && context.clientOrderId !== undefined && !neverSent(error)) {
      return ambiguous(context, reason, origin);
    }
    return new Transient(`Could not reach Alpaca while ${context.action} (${reason}); try again later.`, undefined, origin);
  }

  if (error instanceof ApiError) {
    const status = error.status;
    const message = mask(error.message);
    const origin: BrokerErrorOrigin = { cause: error, requestId: error.requestId };
    if (error instanceof RateLimitError) {
      const wait = error.retryAfterMs !== undefined ? ` in ${Math.ceil(error.retryAfterMs / 1000)} s` : ' later';
      return new Transient(`Alpaca is rate limiting requests (HTTP 429) while ${context.action}; try again${wait}.`, error.retryAfterMs, origin);
    }
    if (status >= 500 || status === 408) {
      // A 5xx or a gateway timeout on a submit may come after the order was accepted.
      if (context.kind === 'create' && context.clientOrderId !== undefined) return ambiguous(context, `HTTP ${status}: ${message}`, origin);
      return new Transient(`Alpaca failed while ${context.action} (HTTP ${status}: ${message}); try again later.`, undefined, origin);
    }
    if (error instanceof NotFoundError) {
      return new NotFound(`Alpaca has no such record while ${context.action} (HTTP 404: ${message}).`, origin);
    }
    if (error instanceof AuthError) {
      return new Rejected('forbidden', `${message} (HTTP 401: check ALPACA_API_KEY and ALPACA_SECRET_KEY)`, status, origin);
    }
    return new Rejected(rejectionReasonOf(status, message), message, status, origin);
  }

  return isErrorLike(error) ? (error as Error) : new Error(mask(String(error)));
}

// Duck-typed, not `instanceof`: undici's errors can come from another realm (Jest's VM context),
// and then the SDK passes fetch's TypeError through instead of wrapping it in a FetchError.
interface ErrorLike {
  name: string;
  message: string;
  cause?: unknown;
  code?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';
}

function isNetworkFailure(error: unknown): error is ErrorLike {
  if (error instanceof FetchError) return true;
  if (!isErrorLike(error)) return false;
  return (error.name === 'TypeError' && /fetch failed/i.test(error.message)) || error.name === 'AbortError' || error.name === 'TimeoutError';
}

function ambiguous(context: AlpacaCallContext, reason: string, origin: BrokerErrorOrigin): Ambiguous {
  const clientOrderId = context.clientOrderId ?? '';
  return new Ambiguous(
    `Alpaca's answer was lost while ${context.action} (${reason}): the order may or may not exist. ` +
      `Look it up by client_order_id ${clientOrderId} before sending anything else.`,
    clientOrderId,
    origin,
  );
}

function describeNetworkFailure(error: ErrorLike): string {
  const cause = isErrorLike(error.cause) ? error.cause : error;
  if (cause.name === 'TimeoutError') return 'timed out';
  if (cause.name === 'AbortError') return 'aborted';
  const code = networkCode(error);
  const detail = innermostMessage(error);
  return code ? `${code}: ${detail}` : detail;
}

function neverSent(error: ErrorLike): boolean {
  const code = networkCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** The first `code` (ECONNREFUSED, UND_ERR_SOCKET, …) down the chain of causes. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; isErrorLike(current) && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause;
  }
  return undefined;
}

function innermostMessage(error: ErrorLike): string {
  let current = error;
  for (let depth = 0; depth < 5 && isErrorLike(current.cause); depth++) current = current.cause;
  return current.message || current.name;
}
