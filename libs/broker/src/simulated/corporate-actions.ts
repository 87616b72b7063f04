import { Money, Price } from '@trading-monitor/domain';

/**
 * A stock split as Alpaca applies it to an account: `ratio` new shares for each old one (2 for a
 * 2-for-1 forward split, 0.1 for a 1-for-10 reverse split). The position's quantity is multiplied
 * and its prices divided, so its cost is unchanged; open orders are replaced by adjusted ones
 * (status `replaced`, `replaced_by` → the new order, whose `replaces` is the old id). docs/broker-rules.md#statuses-and-fills.
 */
export interface SplitRatio {
  /** New shares per old share, > 0. */
  ratio: Money;
}

export function splitRatioOf(ratio: string | number): SplitRatio {
  const value = Money.of(ratio);
  if (!value.isPositive()) throw new RangeError(`A split ratio is above zero, got ${value.toString()}`);
  return { ratio: value };
}

/** Shares after the split; a reverse split's fraction of a share is paid out in cash (cash in lieu). */
export function splitQty(qty: number, split: SplitRatio): { qty: number; fraction: Money } {
  const exact = Money.of(qty).times(split.ratio);
  const whole = Math.trunc(Number(exact.decimal.toFixed(0, 1 /* ROUND_DOWN */)));
  return { qty: whole, fraction: exact.minus(whole) };
}

/** An order's price after the split, on Alpaca's tick (whole cents at or above $1, four decimals below). */
export function splitOrderPrice(price: Price, split: SplitRatio): Price {
  const exact = price.toMoney().dividedBy(split.ratio);
  const places = exact.decimal.lessThan(1) ? 4 : 2;
  const rounded = exact.roundedTo(places);
  return Price.of(rounded.isPositive() ? rounded : Money.of('0.0001'));
}

/** A position's average entry after the split: exact, so its cost is unchanged. */
export function splitEntryPrice(price: Price, split: SplitRatio): Price {
  return Price.of(price.toMoney().dividedBy(split.ratio));
}
