import { Price } from './price';
import { isOnTick, maxPriceDecimalsOf, tickSizeOf, tickSizeProblemOf } from './tick-size';

describe('tick size', () => {
  it.each([
    ['133.80', true, 2, '0.01'],
    ['133.8', true, 2, '0.01'],
    ['133.805', false, 2, '0.01'],
    ['1', true, 2, '0.01'],
    ['1.00', true, 2, '0.01'],
    ['1.001', false, 2, '0.01'],
    ['0.9999', true, 4, '0.0001'],
    ['0.99999', false, 4, '0.0001'],
    ['0.5', true, 4, '0.0001'],
    ['0.0001', true, 4, '0.0001'],
    ['0.00001', false, 4, '0.0001'],
  ])('%s is on the tick grid: %s (max %i decimals, tick %s)', (text, onTick, max, tick) => {
    const price = Price.of(text);
    expect(isOnTick(price)).toBe(onTick);
    expect(maxPriceDecimalsOf(price)).toBe(max);
    expect(tickSizeOf(price).toString()).toBe(tick);
    expect(tickSizeProblemOf(price) === undefined).toBe(onTick);
  });

  it('explains a refusal above $1', () => {
    expect(tickSizeProblemOf(Price.of('133.805'))).toBe('has 3 decimals: Alpaca accepts at most 2 for a price at or above $1.00');
  });

  it('explains a refusal below $1', () => {
    expect(tickSizeProblemOf(Price.of('0.12345'))).toBe('has 5 decimals: Alpaca accepts at most 4 for a price below $1.00');
  });

  it('catches a float artefact', () => {
    expect(isOnTick(Price.of(0.1 + 0.2))).toBe(false);
  });
});
