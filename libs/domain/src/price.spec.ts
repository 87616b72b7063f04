import { Money } from './money';
import { Price } from './price';

describe('Price', () => {
  it.each([
    [133.8, '133.80'],
    ['133.8', '133.80'],
    ['0.1234', '0.1234'],
    [1, '1.00'],
    ['145.5', '145.50'],
  ])('reads %p and prints it as Alpaca expects: %s', (input, text) => {
    expect(Price.of(input).toString()).toBe(text);
    expect(JSON.stringify(Price.of(input))).toBe(`"${text}"`);
  });

  it.each([0, -1, '0', '-0.01', NaN, Infinity])('refuses the non-positive or non-finite price %p', (input) => {
    expect(() => Price.of(input)).toThrow(RangeError);
  });

  it('returns the same instance for a Price and accepts Money', () => {
    const price = Price.of('10');
    expect(Price.of(price)).toBe(price);
    expect(Price.of(Money.of('2.5')).toString()).toBe('2.50');
  });

  it.each([
    [133.8, '133.80'],
    ['  42.10 ', '42.10'],
    ['7', '7.00'],
  ])('parses the untrusted value %p', (input, text) => {
    expect(Price.parse(input)?.toString()).toBe(text);
  });

  it.each([undefined, null, true, {}, [], '', 'abc', '1e3', '-5', '+5', '.5', '5.', 0, -3, NaN, Infinity, '0'])(
    'parses the untrusted value %p as no price',
    (input) => {
      expect(Price.parse(input)).toBeUndefined();
    },
  );

  it('times a quantity and subtracts into Money', () => {
    expect(Price.of('133.80').times(45).toString()).toBe('6021');
    expect(Price.of('124.00').minus(Price.of('133.80')).toString()).toBe('-9.8');
    expect(Price.of('124').minus(Price.of('133.8')).times(45).toCents()).toBe('-441.00');
  });

  it('compares', () => {
    const low = Price.of('1.5');
    const high = Price.of('1.50001');
    expect(low.compare(high)).toBe(-1);
    expect(low.isBelow(high)).toBe(true);
    expect(high.isAbove(low)).toBe(true);
    expect(low.equals(Price.of('1.50'))).toBe(true);
    expect(low.isAbove(low)).toBe(false);
  });

  it('counts the decimals actually used', () => {
    expect(Price.of('133.80').decimalPlaces()).toBe(1);
    expect(Price.of('0.1234').decimalPlaces()).toBe(4);
    expect(Price.of(0.1 + 0.2).decimalPlaces()).toBe(17);
  });

  it('converts to Money', () => {
    expect(Price.of('9.99').toMoney().equals('9.99')).toBe(true);
  });
});
