import fc from 'fast-check';
import { addFill, fillIncrement, NO_FILLS, notionalOf, totalFills, type Fill, type FillSnapshot } from './fills';
import { Money } from './money';
import { Price } from './price';

const fill = (qty: number, price: string): Fill => ({ qty, price: Price.of(price) });
const snap = (filledQty: number, avg: string | null): FillSnapshot => ({ filledQty, filledAvgPrice: avg === null ? null : Price.of(avg) });

/** A price written from a whole number of hundredths of a cent, without any float arithmetic. */
function priceFromTicks(ticks: number): Price {
  return Price.of(`${Math.floor(ticks / 10_000)}.${String(ticks % 10_000).padStart(4, '0')}`);
}

describe('totalFills', () => {
  it('is empty with no fills', () => {
    expect(totalFills([])).toEqual(NO_FILLS);
    expect(NO_FILLS.averagePrice).toBeNull();
  });

  it.each([
    ['one fill', [fill(45, '133.80')], 45, '6021', '133.80'],
    ['an even average', [fill(10, '10.00'), fill(30, '10.04')], 40, '401.2', '10.03'],
    ['a sub-dollar average', [fill(3, '0.1234'), fill(1, '0.1238')], 4, '0.494', '0.1235'],
  ])('adds up %s', (_what, fills, qty, notional, average) => {
    const totals = totalFills(fills);
    expect(totals.qty).toBe(qty);
    expect(totals.notional.toString()).toBe(notional);
    expect(totals.averagePrice?.toString()).toBe(average);
  });

  it('keeps the notional exact when the average does not terminate', () => {
    const totals = totalFills([fill(20, '133.80'), fill(25, '133.70')]);
    expect(totals.notional.toString()).toBe('6018.5');
    // 6018.5 / 45 = 133.7444…: kept to 40 significant digits, never used to compute money.
    expect(totals.averagePrice?.toString()).toBe('133.7444444444444444444444444444444444444');
  });

  it('gives the same totals fill by fill', () => {
    const fills = [fill(20, '133.80'), fill(5, '133.75'), fill(20, '133.70')];
    const stepwise = fills.reduce(addFill, NO_FILLS);
    const whole = totalFills(fills);
    expect(stepwise.qty).toBe(whole.qty);
    expect(stepwise.notional.equals(whole.notional)).toBe(true);
    expect(stepwise.averagePrice?.equals(whole.averagePrice as Price)).toBe(true);
  });

  it.each([0, -1, 1.5, NaN])('refuses a fill of %p shares', (qty) => {
    expect(() => totalFills([fill(1, '1'), { qty, price: Price.of('1') }])).toThrow(RangeError);
    expect(() => addFill(NO_FILLS, { qty, price: Price.of('1') })).toThrow('A fill quantity must be a positive whole number of shares');
  });

  it('does not drift over 10,000 random fills', () => {
    // Reference: BigInt arithmetic in hundredths of a cent, which cannot drift.
    const fillArb = fc.record({ qty: fc.integer({ min: 1, max: 10_000 }), ticks: fc.integer({ min: 1, max: 100_000_000 }) });
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 10_000, maxLength: 10_000 }), (raw) => {
        const fills = raw.map(({ qty, ticks }) => ({ qty, price: priceFromTicks(ticks) }));
        const expectedTicks = raw.reduce((sum, { qty, ticks }) => sum + BigInt(qty) * BigInt(ticks), 0n);
        const expectedQty = raw.reduce((sum, { qty }) => sum + qty, 0);

        const totals = totalFills(fills);
        expect(totals.qty).toBe(expectedQty);
        expect(totals.notional.times(10_000).toString()).toBe(expectedTicks.toString());
        const stepwise = fills.reduce(addFill, NO_FILLS);
        expect(stepwise.notional.equals(totals.notional)).toBe(true);
        // The average, times the quantity, is the notional to far below a hundredth of a cent.
        const gap = (totals.averagePrice as Price).times(totals.qty).minus(totals.notional).abs();
        expect(gap.compare('1e-25')).toBe(-1);
      }),
      { numRuns: 5 },
    );
  });
});

describe('fillIncrement', () => {
  it.each([
    ['the first fill', snap(0, null), snap(20, '133.80'), 20, '133.80', '2676'],
    ['a fill at an even average', snap(10, '10.00'), snap(40, '10.03'), 30, '10.04', '301.2'],
    ['a fill that lowers the average', snap(100, '5.00'), snap(200, '4.50'), 100, '4.00', '400'],
  ])('finds %s', (_what, before, after, qty, price, notional) => {
    const increment = fillIncrement(before, after);
    expect(increment?.qty).toBe(qty);
    expect(increment?.price.toString()).toBe(price);
    expect(increment?.notional.toString()).toBe(notional);
  });

  it.each([
    ['nothing new', snap(20, '133.80'), snap(20, '133.80')],
    ['a stale snapshot', snap(20, '133.80'), snap(10, '133.80')],
    ['no fills at all', snap(0, null), snap(0, null)],
  ])('is null for %s', (_what, before, after) => {
    expect(fillIncrement(before, after)).toBeNull();
  });

  it('refuses averages that imply a non-positive price', () => {
    expect(() => fillIncrement(snap(20, '100'), snap(40, '50'))).toThrow(
      "Fill snapshots 20 @ 100.00 then 40 @ 50.00 imply a non-positive price for the 20 new shares: the broker's averages are inconsistent",
    );
  });

  it('refuses filled shares without an average, and negative quantities', () => {
    expect(() => notionalOf(snap(5, null))).toThrow('A snapshot with 5 shares filled must carry their average price');
    expect(() => notionalOf(snap(-1, null))).toThrow('A filled quantity must be a non-negative whole number of shares, got -1');
  });

  it('recovers each fill from cumulative snapshots, and the increments add up to the last snapshot', () => {
    const fillsArb = fc.array(fc.record({ qty: fc.integer({ min: 1, max: 500 }), ticks: fc.integer({ min: 1, max: 5_000_000 }) }), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(fillsArb, (raw) => {
        const fills = raw.map(({ qty, ticks }) => ({ qty, price: priceFromTicks(ticks) }));
        let previous = snap(0, null);
        let summed = Money.ZERO;
        fills.forEach((expected, i) => {
          const totals = totalFills(fills.slice(0, i + 1));
          const current = { filledQty: totals.qty, filledAvgPrice: totals.averagePrice };
          const increment = fillIncrement(previous, current);
          expect(increment?.qty).toBe(expected.qty);
          // The broker's running average is itself a 40-digit quotient: the price comes back to far below a tick.
          expect(increment?.price.minus(expected.price).abs().compare('1e-20')).toBe(-1);
          summed = summed.plus(increment?.notional ?? Money.ZERO);
          previous = current;
        });
        // Increments telescope: their notionals add up exactly to the last snapshot's.
        expect(summed.equals(notionalOf(previous))).toBe(true);
        expect(summed.toCents()).toBe(totalFills(fills).notional.toCents());
      }),
    );
  });
});
