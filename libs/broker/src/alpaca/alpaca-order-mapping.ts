import type { trading } from '@alpacahq/alpaca-trade-api/rest';
import { Price, isBrokerOrderStatus, type Side, type TimeInForce } from '@trading-monitor/domain';
import type { BrokerOrder, BrokerPosition } from '../broker';
import { UnexpectedBrokerResponse } from '../unexpected-broker-response';

type WireOrder = trading.Order | trading.OrderLeg;

/** An order and its legs (nested=true), flattened: each leg its own BrokerOrder with `parentId`. */
export function flattenAlpacaOrder(order: trading.Order): BrokerOrder[] {
  const parent = brokerOrderFromAlpaca(order, null);
  return [parent, ...(order.legs ?? []).map((leg) => brokerOrderFromAlpaca(leg, parent.id))];
}

/** One wire order (decimal strings, Alpaca's names) as the port's BrokerOrder. */
export function brokerOrderFromAlpaca(order: WireOrder, parentId: string | null = null): BrokerOrder {
  const id = order.id;
  if (!id) throw new UnexpectedBrokerResponse('Alpaca returned an order without an id');
  const status = String(order.status);
  if (!isBrokerOrderStatus(status)) {
    throw new UnexpectedBrokerResponse(`Alpaca reported order ${id} with status "${status}", which this adapter does not know`);
  }
  const submittedAt = order.submittedAt ?? order.createdAt;
  if (!isDate(submittedAt)) throw new UnexpectedBrokerResponse(`Alpaca returned order ${id} without a submission time`);
  return {
    id,
    clientOrderId: order.clientOrderId ?? '',
    symbol: required(order.symbol, id, 'symbol'),
    side: sideOf(order.side, id),
    type: typeOf(order.type, id),
    orderClass: orderClassOf(order.orderClass),
    timeInForce: timeInForceOf(order.timeInForce),
    qty: quantity(order.qty ?? order.filledQty ?? '0', id, 'qty'),
    filledQty: quantity(order.filledQty ?? '0', id, 'filled_qty'),
    filledAvgPrice: priceOrNull(order.filledAvgPrice),
    limitPrice: priceOrNull(order.limitPrice),
    stopPrice: priceOrNull(order.stopPrice),
    status,
    submittedAt,
    updatedAt: isDate(order.updatedAt) ? order.updatedAt : submittedAt,
    filledAt: dateOrNull(order.filledAt),
    canceledAt: dateOrNull(order.canceledAt),
    expiredAt: dateOrNull(order.expiredAt),
    parentId,
    replacedBy: order.replacedBy ?? null,
    replaces: order.replaces ?? null,
  };
}

export function brokerPositionFromAlpaca(position: trading.Position): BrokerPosition {
  const symbol = required(position.symbol, 'position', 'symbol');
  const avgEntryPrice = Price.parse(position.avgEntryPrice);
  if (!avgEntryPrice) throw new UnexpectedBrokerResponse(`Alpaca reported the ${symbol} position without an entry price`);
  const short = position.side === 'short' || String(position.qty).trim().startsWith('-');
  const qty = Math.abs(quantity(String(position.qty).replace('-', ''), symbol, 'qty'));
  return {
    symbol,
    qty: short ? -qty : qty,
    side: short ? 'short' : 'long',
    avgEntryPrice,
    currentPrice: priceOrNull(position.currentPrice),
  };
}

function required(value: string | undefined, id: string, field: string): string {
  if (!value) throw new UnexpectedBrokerResponse(`Alpaca returned ${id} without ${field}`);
  return value;
}

function sideOf(side: string | undefined, id: string): Side {
  if (side === 'buy' || side === 'sell') return side;
  throw new UnexpectedBrokerResponse(`Alpaca reported order ${id} with side "${String(side)}"`);
}

function typeOf(type: string, id: string): BrokerOrder['type'] {
  if (type === 'market' || type === 'limit' || type === 'stop' || type === 'stop_limit') return type;
  // A trailing stop (placed by hand) is a stop whose stop_price Alpaca keeps moving.
  if (type === 'trailing_stop') return 'stop';
  throw new UnexpectedBrokerResponse(`Alpaca reported order ${id} with type "${type}"`);
}

function orderClassOf(orderClass: string | undefined): BrokerOrder['orderClass'] {
  if (orderClass === 'oco' || orderClass === 'bracket' || orderClass === 'oto') return orderClass;
  // '' and absent mean simple; mleg (multi-leg options, never placed by this product) is listed as simple.
  return 'simple';
}

function timeInForceOf(timeInForce: string): TimeInForce {
  // opg, cls, ioc and fok (never placed by this product) all end within the trading day, like day.
  return timeInForce === 'gtc' ? 'gtc' : 'day';
}

function quantity(value: string, id: string, field: string): number {
  const qty = Number(value);
  if (value.trim() === '' || !Number.isFinite(qty)) throw new UnexpectedBrokerResponse(`Alpaca reported ${id} with ${field} "${value}"`);
  return qty;
}

function priceOrNull(value: string | null | undefined): Price | null {
  return Price.parse(value) ?? null;
}

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function dateOrNull(value: Date | null | undefined): Date | null {
  return isDate(value) ? value : null;
}
