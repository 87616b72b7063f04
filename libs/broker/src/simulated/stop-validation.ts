import { Money, type Price, type Side } from '@trading-monitor/domain';
import { ALPACA_REFUSALS, type AlpacaRefusal } from '../alpaca/alpaca-refusals';
import type { SimOrderSpec } from './order-spec';

// Alpaca refuses a stop that would trigger the moment it is placed: a sell stop must be below the
// market and a buy stop above it, by more than a cent. The refusal reads "stop price must be less
// than base_price - 0.01" (Alpaca-API issue 166); base_price is the price the order is measured
// against: the current quote for a simple stop or an OCO's stop leg, the entry's expected fill (its
// limit, else the quote) for a bracket or OTO stop leg (Alpaca forum, "take_profit.limit_price must
// be <= base_price - 0.01"). The simulator takes the last trade as the quote and reads "less than"
// strictly: the stricter reading of the two.
const CENT = Money.of('0.01');

/** Whether a stop on `side` at `stop` is refused with the market at `base`. */
export function stopIsThroughMarket(side: Side, stop: Price, base: Price): boolean {
  return side === 'sell' ? stop.toMoney().compare(base.toMoney().minus(CENT)) >= 0 : stop.toMoney().compare(base.toMoney().plus(CENT)) <= 0;
}

/** Alpaca's refusal of the order's stop (simple stop, OCO stop leg, bracket/OTO stop leg), or null. */
export function stopRefusal(spec: SimOrderSpec, market: Price | undefined): AlpacaRefusal | null {
  const orderClass = spec.orderClass ?? 'simple';
  if (orderClass === 'simple') {
    if (spec.type !== 'stop' || !spec.stopPrice || !market) return null;
    return stopIsThroughMarket(spec.side, spec.stopPrice, market) ? ALPACA_REFUSALS.stopThroughMarket(spec.side) : null;
  }
  const stop = spec.stopLoss?.stopPrice;
  if (!stop) return null;
  if (orderClass === 'oco') {
    return market && stopIsThroughMarket(spec.side, stop, market) ? ALPACA_REFUSALS.stopThroughMarket(spec.side) : null;
  }
  // Bracket / OTO: the stop leg exits on the other side, measured against the entry's expected fill.
  const base = spec.limitPrice ?? market;
  const exitSide: Side = spec.side === 'buy' ? 'sell' : 'buy';
  return base && stopIsThroughMarket(exitSide, stop, base) ? ALPACA_REFUSALS.stopThroughMarket(exitSide) : null;
}
