import { Rejected, type RejectionReason } from '../broker-errors';

/**
 * Alpaca's refusals as they arrive on the wire: HTTP status, the `code` of the error body and the
 * message. One place for this vocabulary: the simulated broker speaks it, the test server sends it
 * and the adapter reads it back into a `RejectionReason`.
 */
export interface AlpacaRefusal {
  reason: RejectionReason;
  httpStatus: number;
  message: string;
}

export const ALPACA_REFUSALS = {
  duplicateClientOrderId: (): AlpacaRefusal => ({
    reason: 'duplicate_client_order_id',
    httpStatus: 422,
    message: 'client_order_id must be unique',
  }),
  insufficientQty: (requested: number, available: number): AlpacaRefusal => ({
    reason: 'insufficient_qty',
    httpStatus: 403,
    message: `insufficient qty available for order (requested: ${requested}, available: ${available})`,
  }),
  washTrade: (): AlpacaRefusal => ({
    reason: 'wash_trade',
    httpStatus: 403,
    message: 'potential wash trade detected. use complex orders',
  }),
  patternDayTrading: (): AlpacaRefusal => ({
    reason: 'pattern_day_trading',
    httpStatus: 403,
    message: 'trade denied due to pattern day trading protection',
  }),
  insufficientBuyingPower: (): AlpacaRefusal => ({
    reason: 'insufficient_buying_power',
    httpStatus: 403,
    message: 'insufficient buying power',
  }),
  subPenny: (field: string, value: string): AlpacaRefusal => ({
    reason: 'sub_penny_increment',
    httpStatus: 422,
    message: `invalid ${field} ${value}. sub-penny increment does not fulfill minimum pricing criteria`,
  }),
  // Alpaca-API issue 166; a buy stop (protecting a short) is refused in the mirrored words.
  stopThroughMarket: (side: 'buy' | 'sell'): AlpacaRefusal => ({
    reason: 'stop_through_market',
    httpStatus: 422,
    message: side === 'sell' ? 'stop price must be less than base_price - 0.01' : 'stop price must be greater than base_price + 0.01',
  }),
  notCancelable: (status: string): AlpacaRefusal => ({
    reason: 'not_cancelable',
    httpStatus: 422,
    message: `order is already in "${status}" state`,
  }),
  // Alpaca queues market orders outside market hours; this wording is what the simulator uses when
  // a test injects the refusal, not a message observed from Alpaca.
  marketClosed: (): AlpacaRefusal => ({
    reason: 'market_closed',
    httpStatus: 422,
    message: 'market orders are not accepted while the market is closed',
  }),
  invalid: (message: string): AlpacaRefusal => ({ reason: 'invalid', httpStatus: 422, message }),
  forbidden: (message = 'request is not authorized'): AlpacaRefusal => ({ reason: 'forbidden', httpStatus: 403, message }),
} as const;

/** The port's error for an Alpaca refusal. */
export function rejected(refusal: AlpacaRefusal): Rejected {
  return new Rejected(refusal.reason, refusal.message, refusal.httpStatus);
}

/** A typical refusal for each reason, for fault injection (`rejectNext(reason)`). */
export function sampleRefusal(reason: RejectionReason): AlpacaRefusal {
  switch (reason) {
    case 'duplicate_client_order_id':
      return ALPACA_REFUSALS.duplicateClientOrderId();
    case 'insufficient_qty':
      return ALPACA_REFUSALS.insufficientQty(45, 0);
    case 'wash_trade':
      return ALPACA_REFUSALS.washTrade();
    case 'pattern_day_trading':
      return ALPACA_REFUSALS.patternDayTrading();
    case 'insufficient_buying_power':
      return ALPACA_REFUSALS.insufficientBuyingPower();
    case 'sub_penny_increment':
      return ALPACA_REFUSALS.subPenny('limit_price', '133.801');
    case 'stop_through_market':
      return ALPACA_REFUSALS.stopThroughMarket('sell');
    case 'not_cancelable':
      return ALPACA_REFUSALS.notCancelable('filled');
    case 'market_closed':
      return ALPACA_REFUSALS.marketClosed();
    case 'invalid':
      return ALPACA_REFUSALS.invalid('invalid order');
    case 'forbidden':
      return ALPACA_REFUSALS.forbidden();
  }
}

// Read in order: the first pattern that matches names the reason. Messages are matched, not codes,
// because Alpaca shares one code (40310000) between several 403 refusals.
const REASON_PATTERNS: readonly [RegExp, RejectionReason][] = [
  [/client_order_id must be unique/i, 'duplicate_client_order_id'],
  [/insufficient qty/i, 'insufficient_qty'],
  [/wash trade/i, 'wash_trade'],
  [/pattern day trad/i, 'pattern_day_trading'],
  [/insufficient buying power/i, 'insufficient_buying_power'],
  [/sub-penny/i, 'sub_penny_increment'],
  // "stop price must be less than base_price - 0.01", and its leg forms (stop_loss.stop_price must be <= base_price …).
  [/stop(_loss\.stop)?[ _]price must be (less than|greater than|<=|>=|<|>) ?base_price/i, 'stop_through_market'],
  [/not cancelable|already in "?\w+"? state|order is not cancel/i, 'not_cancelable'],
  [/market (is )?closed|while the market is closed|outside (of )?market hours/i, 'market_closed'],
];

/** The reason behind an Alpaca 4xx refusal, from its status and message. */
export function rejectionReasonOf(httpStatus: number, message: string): RejectionReason {
  for (const [pattern, reason] of REASON_PATTERNS) if (pattern.test(message)) return reason;
  return httpStatus === 401 || httpStatus === 403 ? 'forbidden' : 'invalid';
}

/** The `code` Alpaca puts in an error body with this status. */
export function alpacaErrorCode(httpStatus: number, reason?: RejectionReason): number {
  if (reason === 'pattern_day_trading') return 40310100;
  if (reason === 'duplicate_client_order_id') return 40010001;
  switch (httpStatus) {
    case 401:
      return 40110000;
    case 403:
      return 40310000;
    case 404:
      return 40410000;
    case 422:
      return 42210000;
    case 429:
      return 42910000;
    default:
      return httpStatus >= 500 ? 50010000 : 40010001;
  }
}
