import Decimal from 'decimal.js';

// One decimal configuration for all money arithmetic: plenty of significant digits so that no
// intermediate result is ever rounded; rounding to cents happens once, in `toCents`, half-even.
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export type DecimalInput = string | number | Decimal | Money;

function toDecimal(value: DecimalInput): Decimal {
  if (value instanceof Money) return value.decimal;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
  // A JSON number such as 133.8 becomes exactly "133.8": decimal.js reads the shortest round-trip form.
  const decimal = new D(value);
  // decimal.js also accepts "Infinity" and "NaN" as text: an amount is always finite.
  if (!decimal.isFinite()) throw new RangeError(`Not a finite amount: ${decimal.toString()}`);
  return decimal;
}

/** An exact signed amount of US dollars: P&L, cost basis, market value. Never a binary float. */
export class Money {
  static readonly ZERO = new Money(new D(0));

  private constructor(readonly decimal: Decimal) {}

  static of(value: DecimalInput): Money {
    return value instanceof Money ? value : new Money(toDecimal(value));
  }

  static sum(amounts: Iterable<Money>): Money {
    let total = Money.ZERO;
    for (const amount of amounts) total = total.plus(amount);
    return total;
  }

  plus(other: DecimalInput): Money {
    return new Money(this.decimal.plus(toDecimal(other)));
  }

  minus(other: DecimalInput): Money {
    return new Money(this.decimal.minus(toDecimal(other)));
  }

  times(factor: DecimalInput): Money {
    return new Money(this.decimal.times(toDecimal(factor)));
  }

  dividedBy(divisor: DecimalInput): Money {
    const d = toDecimal(divisor);
    if (d.isZero()) throw new RangeError('Division of an amount by zero');
    return new Money(this.decimal.dividedBy(d));
  }

  negated(): Money {
    return new Money(this.decimal.negated());
  }

  abs(): Money {
    return new Money(this.decimal.abs());
  }

  isZero(): boolean {
    return this.decimal.isZero();
  }

  isNegative(): boolean {
    return this.decimal.isNegative() && !this.decimal.isZero();
  }

  isPositive(): boolean {
    return this.decimal.isPositive() && !this.decimal.isZero();
  }

  compare(other: DecimalInput): -1 | 0 | 1 {
    return this.decimal.comparedTo(toDecimal(other)) as -1 | 0 | 1;
  }

  equals(other: DecimalInput): boolean {
    return this.compare(other) === 0;
  }

  /** Rounded half-even to cents, as stored in DECIMAL(10,2) and shown to people: "-441.00". */
  toCents(): string {
    return this.decimal.toFixed(2, Decimal.ROUND_HALF_EVEN);
  }

  /** Rounded half-even to `places` decimals, as a new amount. */
  roundedTo(places: number): Money {
    return new Money(this.decimal.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN));
  }

  /** Full precision, no rounding. */
  toString(): string {
    return this.decimal.toFixed();
  }

  toJSON(): string {
    return this.toString();
  }
}
