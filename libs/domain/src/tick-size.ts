import { Money } from './money';
import type { Price } from './price';

// Alpaca refuses sub-penny increments (HTTP 422): a price at or above $1.00 may carry at most two
// decimals, a price below $1.00 at most four. Checking it here turns a broker refusal into a
// readable decision problem before any order is placed.
const ONE_DOLLAR = Money.of(1);
const PENNY = Money.of('0.01');
const HUNDREDTH_OF_A_CENT = Money.of('0.0001');

/** The smallest price step Alpaca accepts at this price: 0.01 at or above $1.00, 0.0001 below. */
export function tickSizeOf(price: Price): Money {
  return price.toMoney().compare(ONE_DOLLAR) >= 0 ? PENNY : HUNDREDTH_OF_A_CENT;
}

/** At most 2 decimals at or above $1.00, at most 4 below. */
export function maxPriceDecimalsOf(price: Price): 2 | 4 {
  return price.toMoney().compare(ONE_DOLLAR) >= 0 ? 2 : 4;
}

export function isOnTick(price: Price): boolean {
  return price.decimalPlaces() <= maxPriceDecimalsOf(price);
}

/**
 * Why Alpaca would refuse this price, as the end of a sentence that starts with the price
 * ("133.805 has 3 decimals: …"), or `undefined` when the price is on the tick grid.
 */
export function tickSizeProblemOf(price: Price): string | undefined {
  if (isOnTick(price)) return undefined;
  const max = maxPriceDecimalsOf(price);
  const range = max === 2 ? 'at or above $1.00' : 'below $1.00';
  return `has ${price.decimalPlaces()} decimals: Alpaca accepts at most ${max} for a price ${range}`;
}
