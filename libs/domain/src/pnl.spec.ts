import fc from 'fast-check';
import { totalFills, type Fill } from './fills';
import { Money } from './money';
import { costBasisOf, marketValueOf, plannedRiskOf, realizedPnl, rMultipleOf, unrealizedPnlOf, valuePosition } from './pnl';
import { Price } from './price';

const fill = (qty: number, price: string): Fill => ({ qty, price: Price.of(price) });
const priceFromTicks = (ticks: number): Price => Price.of(`${Math.floor(ticks / 10_000)}.${String(ticks % 10_000).padStart(4, '0')}`);

describe('realizedPnl', () => {
  it('is exactly -441.00 for 45 shares stopped out at 124.00 from 133.80', () => {
    const pnl = realizedPnl({ entrySide: 'buy', entryFills: [fill(45, '133.80')], exitFills: [fill(45, '124.00')] });
    expect(pnl.toString()).toBe('-441');
    expect(pnl.toCents()).toBe('-441.00');
  });

  it.each([
    ['long, target hit', 'buy', [fill(45, '133.80')], [fill(45, '145.50')], '526.5'],
    ['long, two entry fills', 'buy', [fill(20, '133.80'), fill(25, '133.70')], [fill(45, '124.00')], '-438.5'],
    ['long, two exit fills', 'buy', [fill(45, '133.80')], [fill(30, '124.00'), fill(15, '123.90')], '-442.5'],
    ['short, stopped out', 'sell', [fill(100, '50.00')], [fill(100, '52.50')], '-250'],
    ['short, target hit', 'sell', [fill(100, '50.00')], [fill(100, '45.25')], '475'],
    ['sub-dollar long', 'buy', [fill(1000, '0.1234')], [fill(1000, '0.1301')], '6.7'],
    ['nothing closed yet', 'buy', [fill(45, '133.80')], [], '0'],
    ['nothing at all', 'buy', [], [], '0'],
    ['a partial close, pro rata', 'buy', [fill(40, '10.00')], [fill(10, '11.00')], '10'],
    ['a partial close of an uneven average', 'buy', [fill(1, '10.00'), fill(2, '10.03')], [fill(1, '10.02')], '0'],
  ] as const)('%s', (_what, entrySide, entryFills, exitFills, expected) => {
    expect(realizedPnl({ entrySide, entryFills, exitFills }).toString()).toBe(expected);
  });

  it('accepts totals as well as fills', () => {
    const entryFills = totalFills([fill(20, '133.80'), fill(25, '133.70')]);
    expect(realizedPnl({ entrySide: 'buy', entryFills, exitFills: totalFills([fill(45, '124')]) }).toString()).toBe('-438.5');
  });

  it('refuses more shares out than in', () => {
    expect(() => realizedPnl({ entrySide: 'buy', entryFills: [fill(10, '1')], exitFills: [fill(11, '1')] })).toThrow(
      'Exit fills for 11 shares exceed the 10 shares the entry filled',
    );
  });

  const fillsArb = fc
    .array(fc.record({ qty: fc.integer({ min: 1, max: 1_000 }), ticks: fc.integer({ min: 1, max: 10_000_000 }) }), { minLength: 1, maxLength: 25 })
    .map((raw) => raw.map(({ qty, ticks }) => ({ qty, price: priceFromTicks(ticks) })));

  /** Exit fills for exactly the entry quantity, at random prices. */
  const closedTradeArb = fillsArb.chain((entryFills) => {
    const qty = totalFills(entryFills).qty;
    return fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: Math.min(qty, 10) }).map((ticks) => {
      const sizes = ticks.map((_t, i) => (i < ticks.length - 1 ? 1 : qty - (ticks.length - 1)));
      return { entryFills, exitFills: ticks.map((t, i) => ({ qty: sizes[i] as number, price: priceFromTicks(t) })) };
    });
  });

  it('long P&L is minus short P&L for the same prices', () => {
    fc.assert(
      fc.property(closedTradeArb, ({ entryFills, exitFills }) => {
        const long = realizedPnl({ entrySide: 'buy', entryFills, exitFills });
        const short = realizedPnl({ entrySide: 'sell', entryFills, exitFills });
        expect(long.equals(short.negated())).toBe(true);
      }),
    );
  });

  it('P&L of fills taken one by one equals P&L of their aggregate', () => {
    fc.assert(
      fc.property(closedTradeArb, fc.constantFrom('buy' as const, 'sell' as const), ({ entryFills, exitFills }, entrySide) => {
        const oneByOne = realizedPnl({ entrySide, entryFills, exitFills });
        const aggregate = realizedPnl({ entrySide, entryFills: totalFills(entryFills), exitFills: totalFills(exitFills) });
        expect(oneByOne.equals(aggregate)).toBe(true);
        // And equals the sum of each exit fill's proceeds less the entry cost, computed independently.
        const proceeds = Money.sum(exitFills.map((f) => f.price.times(f.qty)));
        const cost = Money.sum(entryFills.map((f) => f.price.times(f.qty)));
        expect(oneByOne.equals(entrySide === 'buy' ? proceeds.minus(cost) : cost.minus(proceeds))).toBe(true);
      }),
    );
  });
});

describe('position valuation', () => {
  it.each([
    ['long in profit', 'buy', 45, '133.80', '140.00', '6021', '6300', '279'],
    ['long at a loss', 'buy', 45, '133.80', '124.00', '6021', '5580', '-441'],
    ['short in profit', 'sell', 100, '50.00', '45.25', '-5000', '-4525', '475'],
    ['short at a loss', 'sell', 100, '50.00', '52.50', '-5000', '-5250', '-250'],
  ] as const)('%s', (_what, entrySide, qty, avg, price, costBasis, marketValue, unrealized) => {
    const position = { entrySide, qty, avgEntryPrice: Price.of(avg), price: Price.of(price) };
    const valuation = valuePosition(position);
    expect(valuation.costBasis.toString()).toBe(costBasis);
    expect(valuation.marketValue.toString()).toBe(marketValue);
    expect(valuation.unrealizedPnl.toString()).toBe(unrealized);
    expect(unrealizedPnlOf(position).toString()).toBe(unrealized);
    expect(costBasisOf(entrySide, qty, Price.of(avg)).toString()).toBe(costBasis);
    expect(marketValueOf(entrySide, qty, Price.of(price)).toString()).toBe(marketValue);
  });

  it('agrees with realized P&L at the same exit price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom('buy' as const, 'sell' as const),
        (qty, a, b, entrySide) => {
          const entry = priceFromTicks(a);
          const exit = priceFromTicks(b);
          const unrealized = unrealizedPnlOf({ entrySide, qty, avgEntryPrice: entry, price: exit });
          const realized = realizedPnl({ entrySide, entryFills: [{ qty, price: entry }], exitFills: [{ qty, price: exit }] });
          expect(unrealized.equals(realized)).toBe(true);
        },
      ),
    );
  });
});

describe('R-multiple', () => {
  const plan = { plannedEntry: Price.of('133.80'), plannedStop: Price.of('124.00'), plannedQty: 45 };

  it('measures the planned risk as |entry − stop| × qty', () => {
    expect(plannedRiskOf(plan).toString()).toBe('441');
    expect(plannedRiskOf({ plannedEntry: Price.of('50'), plannedStop: Price.of('52.5'), plannedQty: 100 }).toString()).toBe('250');
  });

  it.each([
    ['-441', '-1'],
    ['882', '2'],
    ['526.5', '1.193877551020408163265306122448979591837'],
    ['0', '0'],
  ])('P&L %s is %sR', (pnl, r) => {
    expect(rMultipleOf(Money.of(pnl), plan)?.toFixed()).toBe(r);
  });

  it('has no R-multiple when the plan risked nothing', () => {
    expect(rMultipleOf(Money.of('10'), { ...plan, plannedStop: plan.plannedEntry })).toBeNull();
  });
});
