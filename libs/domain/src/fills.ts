import { Money } from './money';
import { Price } from './price';

/** Shares that traded at one price: one execution, or the increment between two broker snapshots. */
export interface Fill {
  qty: number;
  price: Price;
}

/**
 * What a run of fills adds up to. `notional` is exact and is what P&L is computed from; the average
 * is notional ÷ qty, exact whenever that quotient terminates (it need not: 10.01 + 2 × 10.02 over 3
 * shares is 10.0166…, kept to 40 significant digits), so never multiply it back into money.
 */
export interface FillTotals {
  qty: number;
  notional: Money;
  /** `null` while nothing has filled. */
  averagePrice: Price | null;
}

/**
 * Decimals in Alpaca's `filled_avg_price`. Alpaca documents no precision for it (its examples show two
 * to four decimals, and prices below $1 trade in four); the product takes four, rounded half-even,
 * and the simulated broker and the loopback Alpaca server report exactly that (broker contract test).
 * An average with more digits than this, from the real broker, is used as it comes.
 */
export const REPORTED_AVERAGE_DECIMALS = 4;

/** Half a unit of the average's last reported digit: 0.00005. */
export const REPORTED_AVERAGE_HALF_UNIT: Money = Money.of(1)
  .dividedBy(10 ** REPORTED_AVERAGE_DECIMALS)
  .dividedBy(2);

/** The running average a broker reports for these totals: rounded to `REPORTED_AVERAGE_DECIMALS`. */
export function reportedAverageOf(totals: FillTotals): Price | null {
  return totals.qty === 0 ? null : Price.of(totals.notional.dividedBy(totals.qty).roundedTo(REPORTED_AVERAGE_DECIMALS));
}

/**
 * What the broker reports for one order: cumulative filled quantity and the running average. The
 * average carries limited digits, so filled quantity × average (`notionalOf`) is the notional the
 * product can know, within filledQty × half a unit of the last digit of the true one. The journal's
 * P&L is computed from it, and never claims more: see docs/operations.md, "How exact is P&L".
 */
export interface FillSnapshot {
  filledQty: number;
  filledAvgPrice: Price | null;
}

/** A fill derived from two snapshots, with its exact notional (the price alone may not be exact). */
export interface FillIncrement extends Fill {
  notional: Money;
}

export const NO_FILLS: FillTotals = { qty: 0, notional: Money.ZERO, averagePrice: null };

function assertShares(qty: number, what: string, allowZero: boolean): void {
  if (!Number.isSafeInteger(qty) || qty < 0 || (!allowZero && qty === 0)) {
    throw new RangeError(`${what} must be a ${allowZero ? 'non-negative' : 'positive'} whole number of shares, got ${qty}`);
  }
}

function totalsOf(qty: number, notional: Money): FillTotals {
  return { qty, notional, averagePrice: qty === 0 ? null : Price.of(notional.dividedBy(qty)) };
}

/** The totals after one more fill. */
export function addFill(totals: FillTotals, fill: Fill): FillTotals {
  assertShares(fill.qty, 'A fill quantity', false);
  return totalsOf(totals.qty + fill.qty, totals.notional.plus(fill.price.times(fill.qty)));
}

/** Filled quantity, exact notional and volume-weighted average price of a run of fills. */
export function totalFills(fills: Iterable<Fill>): FillTotals {
  let qty = 0;
  let notional = Money.ZERO;
  // Sum first and divide once: the average is computed from exact totals, never accumulated.
  for (const fill of fills) {
    assertShares(fill.qty, 'A fill quantity', false);
    qty += fill.qty;
    notional = notional.plus(fill.price.times(fill.qty));
  }
  return totalsOf(qty, notional);
}

/**
 * The notional a broker snapshot states: filled quantity × reported average, exactly. It is the true
 * notional to within filledQty × half a unit of the average's last digit (0.00005 × qty with four
 * decimals), not to the cent: five fills adding up to 192631.655 (.66) over 1157 shares are
 * reported as an average of 166.4924, whose product is 192631.7068 (.71).
 */
export function notionalOf(snapshot: FillSnapshot): Money {
  assertShares(snapshot.filledQty, 'A filled quantity', true);
  if (snapshot.filledQty === 0) return Money.ZERO;
  if (!snapshot.filledAvgPrice) {
    throw new RangeError(`A snapshot with ${snapshot.filledQty} shares filled must carry their average price`);
  }
  return snapshot.filledAvgPrice.times(snapshot.filledQty);
}

/**
 * The shares that filled between two cumulative snapshots of one order, and their price. Brokers
 * report a running average, so the new shares' notional is the difference of the two notionals.
 * Returns `null` when nothing new filled, including a stale `current` that shows fewer shares.
 *
 * With rounded averages the increment is exact only to (previous + current filled qty) × half a unit
 * of the average's last digit; the increments still add up exactly to the last snapshot's notional.
 * A small fill after a large one can therefore imply a non-positive notional: refused, never guessed.
 */
export function fillIncrement(previous: FillSnapshot, current: FillSnapshot): FillIncrement | null {
  const before = notionalOf(previous);
  const after = notionalOf(current);
  const qty = current.filledQty - previous.filledQty;
  if (qty <= 0) return null;
  const notional = after.minus(before);
  if (!notional.isPositive()) {
    throw new RangeError(
      `Fill snapshots ${previous.filledQty} @ ${String(previous.filledAvgPrice)} then ` +
        `${current.filledQty} @ ${String(current.filledAvgPrice)} imply a non-positive price for the ` +
        `${qty} new shares: the broker's averages are inconsistent`,
    );
  }
  return { qty, notional, price: Price.of(notional.dividedBy(qty)) };
}
