import { Money, type Price } from '@trading-monitor/domain';
import type { BrokerOrder, BrokerPosition, MarketClock, MarketDay } from '../broker';
import { newYorkDate, newYorkIso, newYorkWallTime } from '../new-york-time';
import { nextSessionOpeningAfter } from '../simulated/market-calendar';

/**
 * The port's values in Alpaca's wire format: snake_case, decimals as strings on the trading API,
 * Alpaca's status names, times as ISO strings. Only the fields the real API sends.
 */
export function alpacaOrderJson(order: BrokerOrder, legs: readonly BrokerOrder[] | null = null): Record<string, unknown> {
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: order.submittedAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
    submitted_at: order.submittedAt.toISOString(),
    filled_at: iso(order.filledAt),
    expired_at: iso(order.expiredAt),
    canceled_at: iso(order.canceledAt),
    failed_at: null,
    replaced_at: order.status === 'replaced' ? order.updatedAt.toISOString() : null,
    replaced_by: order.replacedBy,
    replaces: order.replaces,
    asset_id: assetIdOf(order.symbol),
    symbol: order.symbol,
    asset_class: 'us_equity',
    notional: null,
    qty: String(order.qty),
    filled_qty: String(order.filledQty),
    filled_avg_price: decimal(order.filledAvgPrice),
    // Alpaca sends an empty order_class for a plain order.
    order_class: order.orderClass === 'simple' ? '' : order.orderClass,
    order_type: order.type,
    type: order.type,
    side: order.side,
    position_intent: null,
    time_in_force: order.timeInForce,
    limit_price: decimal(order.limitPrice),
    stop_price: decimal(order.stopPrice),
    status: order.status,
    extended_hours: false,
    legs: legs && legs.length > 0 ? legs.map((leg) => alpacaOrderJson(leg)) : null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
  };
}

export function alpacaPositionJson(position: BrokerPosition): Record<string, unknown> {
  const current = position.currentPrice ?? position.avgEntryPrice;
  const costBasis = position.avgEntryPrice.times(position.qty);
  const marketValue = current.times(position.qty);
  const unrealized = marketValue.minus(costBasis);
  const unrealizedPercent = costBasis.isZero() ? Money.ZERO : unrealized.dividedBy(costBasis.abs()).roundedTo(6);
  return {
    asset_id: assetIdOf(position.symbol),
    symbol: position.symbol,
    exchange: 'NASDAQ',
    asset_class: 'us_equity',
    asset_marginable: true,
    qty: String(position.qty),
    avg_entry_price: position.avgEntryPrice.decimal.toFixed(),
    side: position.side,
    market_value: marketValue.toString(),
    cost_basis: costBasis.toString(),
    unrealized_pl: unrealized.toString(),
    unrealized_plpc: unrealizedPercent.toString(),
    unrealized_intraday_pl: unrealized.toString(),
    unrealized_intraday_plpc: unrealizedPercent.toString(),
    current_price: current.decimal.toFixed(),
    lastday_price: current.decimal.toFixed(),
    change_today: '0',
  };
}

/** GET /v2/clock. */
export function alpacaClockJson(clock: MarketClock): Record<string, unknown> {
  return {
    timestamp: newYorkIso(clock.timestamp),
    is_open: clock.isOpen,
    next_open: newYorkIso(clock.nextOpen),
    next_close: newYorkIso(clock.nextClose),
  };
}

/** One day of GET /v2/calendar: wall times in New York, extended hours to 20:00 (17:00 on a short day). */
export function alpacaCalendarDayJson(day: MarketDay): Record<string, unknown> {
  const close = newYorkWallTime(day.close);
  return {
    date: day.date,
    open: newYorkWallTime(day.open),
    close,
    session_open: '0400',
    session_close: close === '13:00' ? '1700' : '2000',
    settlement_date: newYorkDate(nextSessionOpeningAfter(day.close).open),
  };
}

/**
 * GET /v2/stocks/trades/latest. The data API sends prices as JSON numbers; the body is written by
 * hand so each number is the price's exact decimal text, never a float's.
 */
export function alpacaLatestTradesBody(prices: ReadonlyMap<string, Price>, at: Date): string {
  const trades = [...prices].map(
    ([symbol, price], i) =>
      `${JSON.stringify(symbol)}:{"t":${JSON.stringify(at.toISOString())},"x":"V","p":${price.decimal.toFixed()},"s":100,"c":["@"],"i":${i + 1},"z":"C"}`,
  );
  return `{"trades":{${trades.join(',')}}}`;
}

/** Alpaca's error body. */
export function alpacaErrorJson(code: number, message: string): Record<string, unknown> {
  return { code, message };
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function decimal(price: Price | null): string | null {
  return price ? price.decimal.toFixed() : null;
}

/** A stable, UUID-shaped asset id per symbol. */
function assetIdOf(symbol: string): string {
  const hex = Buffer.from(symbol.padEnd(6, '_').slice(0, 6)).toString('hex');
  return `a55e7000-0000-4000-8000-${hex.padStart(12, '0').slice(0, 12)}`;
}
