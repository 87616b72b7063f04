import Decimal from 'decimal.js';
import { Money, type DecimalInput } from './money';

/**
 * A positive price per share, exact. Arithmetic that leaves "per share" (times a quantity, the
 * difference of two prices) yields `Money`.
 */
export class Price {
  private constructor(readonly decimal: Decimal) {}

  /** Throws on zero, negative or non-finite input: use `Price.parse` for untrusted values. */
  static of(value: DecimalInput | Price): Price {
    if (value instanceof Price) return value;
    const amount = Money.of(value);
    if (!amount.isPositive()) throw new RangeError(`A price must be above zero, got ${amount.toString()}`);
    return new Price(amount.decimal);
  }

  /** A price from untrusted input, or `undefined` when it is not a positive finite number. */
  static parse(value: unknown): Price | undefined {
    if (typeof value !== 'number' && typeof value !== 'string') return undefined;
    if (typeof value === 'string' && !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
    try {
      return Price.of(typeof value === 'string' ? value.trim() : value);
    } catch {
      return undefined;
    }
  }

  /** Notional of `qty` shares at this price. */
  times(qty: DecimalInput): Money {
    return Money.of(this.decimal).times(qty);
  }

  /** Per-share difference `this − other`, signed. */
  minus(other: Price): Money {
    return Money.of(this.decimal).minus(other.decimal);
  }

  compare(other: Price): -1 | 0 | 1 {
    return this.decimal.comparedTo(other.decimal) as -1 | 0 | 1;
  }

  equals(other: Price): boolean {
    return this.compare(other) === 0;
  }

  isAbove(other: Price): boolean {
    return this.compare(other) > 0;
  }

  isBelow(other: Price): boolean {
    return this.compare(other) < 0;
  }

  /** Number of decimal places actually used: 133.8 → 1, 0.1234 → 4. */
  decimalPlaces(): number {
    return this.decimal.decimalPlaces();
  }

  toMoney(): Money {
    return Money.of(this.decimal);
  }

  /** "133.80" at or above $1, up to four decimals below, as Alpaca expects it. */
  toString(): string {
    return this.decimal.toFixed(Math.max(2, this.decimal.decimalPlaces()));
  }

  toJSON(): string {
    return this.toString();
  }
}
