import { Money } from './money';
import { Price } from './price';
import { maxPriceDecimalsOf } from './tick-size';

/**
 * Re-basing a trade for a split of `ratio` new shares per old share (2 for 2-for-1, 0.2 for a
 * 1-for-5 reverse split): quantities × ratio, prices ÷ ratio, so every notional (qty × price), and
 * with it the realized P&L, stays exactly what it was. Only exact re-bases are offered: a quantity
 * that would become a fraction of a share, or a fill price that ÷ ratio does not end (133.81 ÷ 3),
 * cannot be re-based without changing the money, and the trade goes to a person instead.
 */
export class SplitRatio {
  private constructor(readonly ratio: Money) {}

  /** `newQty / oldQty`, or null when either is not a positive whole number of shares. */
  static between(oldQty: number, newQty: number): SplitRatio | null {
    if (!Number.isSafeInteger(oldQty) || !Number.isSafeInteger(newQty) || oldQty <= 0 || newQty <= 0 || oldQty === newQty) return null;
    return new SplitRatio(Money.of(newQty).dividedBy(oldQty));
  }

  /** "2", "0.2": new shares per old share. */
  toString(): string {
    return this.ratio.toString();
  }

  /** The quantity after the split, or null when it would not be a whole number of shares. */
  qty(qty: number): number | null {
    const scaled = Money.of(qty).times(this.ratio);
    return scaled.decimal.isInteger() ? Number(scaled.toString()) : null;
  }

  /** A fill price after the split, exact, or null when the division does not end. */
  exactPrice(price: Price): Price | null {
    const scaled = price.toMoney().dividedBy(this.ratio);
    if (!scaled.times(this.ratio).equals(price.toMoney()) || scaled.decimal.decimalPlaces() > 10) return null;
    return Price.of(scaled);
  }

  /** An order or planned price after the split, on the broker's tick (as the broker adjusts orders). */
  tickPrice(price: Price): Price {
    const scaled = price.toMoney().dividedBy(this.ratio);
    const rounded = scaled.roundedTo(maxPriceDecimalsOf(Price.of(scaled)));
    return Price.of(rounded.isPositive() ? rounded : '0.0001');
  }
}
