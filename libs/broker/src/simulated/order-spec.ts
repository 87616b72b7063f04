import type { Price, Side, TimeInForce } from '@trading-monitor/domain';
import { CLIENT_ORDER_ID_MAX_LENGTH, TIMES_IN_FORCE } from '@trading-monitor/domain';
import type { BrokerOrder } from '../broker';
import { ALPACA_REFUSALS, rejected } from '../alpaca/alpaca-refusals';

/**
 * An order as Alpaca's POST /v2/orders takes it, typed: what the simulated broker accepts from
 * its port methods and from the test server alike.
 */
export interface SimOrderSpec {
  symbol: string;
  side: Side;
  qty: number;
  type: 'market' | 'limit' | 'stop';
  limitPrice?: Price;
  stopPrice?: Price;
  timeInForce: TimeInForce;
  clientOrderId: string;
  /** Default `simple`. An OCO is a `limit` whose take-profit is `takeProfit.limitPrice`. */
  orderClass?: BrokerOrder['orderClass'];
  takeProfit?: { limitPrice: Price };
  stopLoss?: { stopPrice: Price };
}

/** Alpaca's tick rule: whole cents at or above $1.00, four decimals below. */
export function isSubPenny(price: Price): boolean {
  const maxDecimals = price.decimal.lessThan(1) ? 4 : 2;
  return price.decimalPlaces() > maxDecimals;
}

/** Refuses, with Alpaca's words, an order Alpaca would refuse before looking at the account. */
export function validateOrderSpec(spec: SimOrderSpec): void {
  const invalid = (message: string) => rejected(ALPACA_REFUSALS.invalid(message));
  const orderClass = spec.orderClass ?? 'simple';
  if (!spec.symbol) throw invalid('symbol is required');
  if (!Number.isInteger(spec.qty) || spec.qty <= 0) throw invalid(`qty must be a positive whole number, got ${spec.qty}`);
  if (!TIMES_IN_FORCE.includes(spec.timeInForce)) throw invalid(`invalid time_in_force ${String(spec.timeInForce)}`);
  if (!spec.clientOrderId) throw invalid('client_order_id is required');
  if (spec.clientOrderId.length > CLIENT_ORDER_ID_MAX_LENGTH) {
    throw invalid(`client_order_id must be no more than ${CLIENT_ORDER_ID_MAX_LENGTH} characters`);
  }
  if (spec.type === 'limit' && !spec.limitPrice && orderClass !== 'oco') throw invalid('limit_price is required for limit orders');
  if (spec.type === 'stop' && !spec.stopPrice) throw invalid('stop_price is required for stop orders');
  if (spec.type === 'market' && (spec.limitPrice || spec.stopPrice)) throw invalid('market orders take no limit_price or stop_price');

  const prices: [string, Price | undefined][] = [
    ['limit_price', spec.limitPrice],
    ['stop_price', spec.stopPrice],
    ['take_profit.limit_price', spec.takeProfit?.limitPrice],
    ['stop_loss.stop_price', spec.stopLoss?.stopPrice],
  ];
  for (const [field, price] of prices) {
    if (price && isSubPenny(price)) throw rejected(ALPACA_REFUSALS.subPenny(field, price.decimal.toFixed()));
  }

  if (orderClass === 'simple') return;
  if (orderClass === 'oco' && spec.type !== 'limit') throw invalid('oco orders must be limit orders');
  if (orderClass === 'oto' && !spec.stopLoss && !spec.takeProfit) throw invalid('oto orders require take_profit or stop_loss');
  if (orderClass !== 'oto' && (!spec.takeProfit || !spec.stopLoss)) throw invalid(`${orderClass} orders require take_profit and stop_loss`);
  const takeProfit = spec.takeProfit?.limitPrice;
  const stop = spec.stopLoss?.stopPrice;
  if (takeProfit && stop) {
    // The exit legs sell above and below the market for a long (mirrored for a short).
    const exitSide = orderClass === 'oco' ? spec.side : spec.side === 'buy' ? 'sell' : 'buy';
    const ordered = exitSide === 'sell' ? takeProfit.isAbove(stop) : takeProfit.isBelow(stop);
    if (!ordered) {
      throw invalid(`take_profit.limit_price must be ${exitSide === 'sell' ? 'above' : 'below'} stop_loss.stop_price for a ${exitSide} exit`);
    }
  }
}
