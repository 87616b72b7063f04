import { ApiError, AuthError, FetchError, NotFoundError, PermissionError, RateLimitError, ValidationError } from '@alpacahq/alpaca-trade-api/rest';
import { Ambiguous, NotFound, Rejected, Transient, type RejectionReason } from '../broker-errors';
import { toBrokerError, type AlpacaCallContext } from './alpaca-error-mapping';

const SECRET = 'sk-very-secret-value';
const read: AlpacaCallContext = { kind: 'read', action: 'listing orders', secrets: ['KEY-ID-123', SECRET] };
const create: AlpacaCallContext = { kind: 'create', action: 'submitting entry e-1', clientOrderId: 'e-1', secrets: ['KEY-ID-123', SECRET] };

function apiError<T extends ApiError>(
  Kind: new (...args: ConstructorParameters<typeof ApiError>) => T,
  status: number,
  message: string,
  retryAfterMs?: number,
  requestId?: string,
): T {
  return new Kind(new Response(null, { status }), status, 40310000, message, undefined, retryAfterMs, requestId);
}

function networkError(code: string): FetchError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
  return new FetchError(Object.assign(new TypeError('fetch failed'), { cause }), 'The request failed');
}

describe('Alpaca error mapping', () => {
  it.each<[number, string, RejectionReason, typeof ValidationError | typeof PermissionError]>([
    [422, 'client_order_id must be unique', 'duplicate_client_order_id', ValidationError],
    [403, 'insufficient qty available for order (requested: 45, available: 0)', 'insufficient_qty', PermissionError],
    [403, 'potential wash trade detected. use complex orders', 'wash_trade', PermissionError],
    [403, 'trade denied due to pattern day trading protection', 'pattern_day_trading', PermissionError],
    [403, 'insufficient buying power', 'insufficient_buying_power', PermissionError],
    [422, 'invalid limit_price 133.801. sub-penny increment does not fulfill minimum pricing criteria', 'sub_penny_increment', ValidationError],
    [422, 'order is already in "filled" state', 'not_cancelable', ValidationError],
    // Alpaca-API issue 166: the market is already through the stop (sell; buy mirrored; an order's stop leg).
    [422, 'stop price must be less than base_price - 0.01', 'stop_through_market', ValidationError],
    [422, 'stop price must be greater than base_price + 0.01', 'stop_through_market', ValidationError],
    [422, 'stop_loss.stop_price must be <= base_price - 0.01', 'stop_through_market', ValidationError],
    [422, 'take_profit.limit_price must be <= base_price - 0.01', 'invalid', ValidationError],
    [422, 'order is not cancelable', 'not_cancelable', ValidationError],
    [403, 'account is not allowed to short', 'forbidden', PermissionError],
    [422, 'qty must be > 0', 'invalid', ValidationError],
  ])('HTTP %i "%s" is Rejected(%s) with the broker\'s words', (status, message, reason, Kind) => {
    const error = toBrokerError(apiError(Kind, status, message), create);
    expect(error).toBeInstanceOf(Rejected);
    expect(error).toMatchObject({ reason, brokerMessage: message, httpStatus: status });
  });

  it('maps 404 to NotFound', () => {
    expect(toBrokerError(apiError(NotFoundError, 404, 'order not found'), read)).toBeInstanceOf(NotFound);
  });

  it('maps 429 to Transient with the wait Alpaca asked for, for reads and submits alike', () => {
    for (const context of [read, create]) {
      const error = toBrokerError(apiError(RateLimitError, 429, 'rate limit exceeded', 3000), context);
      expect(error).toBeInstanceOf(Transient);
      expect((error as Transient).retryAfterMs).toBe(3000);
    }
  });

  it('maps a 5xx to Transient for a read but Ambiguous for a submit', () => {
    expect(toBrokerError(apiError(ApiError, 503, 'service unavailable'), read)).toBeInstanceOf(Transient);
    const error = toBrokerError(apiError(ApiError, 504, 'gateway timeout'), create);
    expect(error).toBeInstanceOf(Ambiguous);
    expect((error as Ambiguous).clientOrderId).toBe('e-1');
  });

  it('maps a timeout to Ambiguous for a submit and Transient for a read', () => {
    const timeout = new FetchError(new DOMException('timed out', 'TimeoutError'), 'The request was aborted');
    expect(toBrokerError(timeout, create)).toBeInstanceOf(Ambiguous);
    expect(toBrokerError(timeout, read)).toBeInstanceOf(Transient);
  });

  it('maps a connection that never opened to Transient even for a submit: nothing was sent', () => {
    expect(toBrokerError(networkError('ECONNREFUSED'), create)).toBeInstanceOf(Transient);
    expect(toBrokerError(networkError('UND_ERR_SOCKET'), create)).toBeInstanceOf(Ambiguous);
  });

  it("recognises fetch's own TypeError when the SDK could not wrap it", () => {
    const raw = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(toBrokerError(raw, create)).toBeInstanceOf(Ambiguous);
  });

  it('maps bad credentials to Rejected(forbidden), naming the variables and never the secret', () => {
    const error = toBrokerError(apiError(AuthError, 401, `request is not authorized for ${SECRET}`), read) as Rejected;
    expect(error).toMatchObject({ reason: 'forbidden', httpStatus: 401 });
    expect(error.message).toContain('ALPACA_SECRET_KEY');
    expect(error.message).not.toContain(SECRET);
    expect(error.brokerMessage).not.toContain(SECRET);
  });

  it('masks the credentials out of any text it passes on', () => {
    const error = toBrokerError(apiError(ApiError, 500, `upstream echoed KEY-ID-123 and ${SECRET}`), read);
    expect(error.message).not.toMatch(/KEY-ID-123|sk-very-secret/);
  });

  // Alpaca's X-Request-ID "cannot be looked up later, so log it": every translated error carries it and the SDK's error.
  it.each<[string, ApiError, AlpacaCallContext, new (...args: never[]) => Error]>([
    ['a refusal', apiError(ValidationError, 422, 'qty must be > 0', undefined, 'req-422'), create, Rejected],
    ['bad credentials', apiError(AuthError, 401, 'request is not authorized', undefined, 'req-401'), read, Rejected],
    ['a missing record', apiError(NotFoundError, 404, 'order not found', undefined, 'req-404'), read, NotFound],
    ['a rate limit', apiError(RateLimitError, 429, 'rate limit exceeded', 3000, 'req-429'), read, Transient],
    ['a failed read', apiError(ApiError, 503, 'service unavailable', undefined, 'req-503'), read, Transient],
    ['a lost submit', apiError(ApiError, 504, 'gateway timeout', undefined, 'req-504'), create, Ambiguous],
  ])("keeps Alpaca's request id and the SDK's error on %s", (_, sdkError, context, Kind) => {
    const error = toBrokerError(sdkError, context);
    expect(error).toBeInstanceOf(Kind);
    expect(error).toMatchObject({ requestId: sdkError.requestId });
    expect(error.cause).toBe(sdkError);
  });

  it('keeps the network failure as the cause, with no request id: Alpaca never answered', () => {
    const sdkError = networkError('ECONNREFUSED');
    const error = toBrokerError(sdkError, read);
    expect(error.cause).toBe(sdkError);
    expect(error).toMatchObject({ requestId: undefined });
  });

  it('has no request id when Alpaca sent none', () => {
    expect(toBrokerError(apiError(ValidationError, 422, 'qty must be > 0'), create)).toMatchObject({ requestId: undefined });
  });

  it('passes through what is not the SDK’s: bugs stay bugs', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(toBrokerError(bug, read)).toBe(bug);
    const already = new NotFound('gone');
    expect(toBrokerError(already, read)).toBe(already);
  });
});
