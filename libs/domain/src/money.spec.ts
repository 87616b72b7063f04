import Decimal from 'decimal.js';
import { Money } from './money';

describe('Money', () => {
  it.each([
    ['number', 133.8, '133.8'],
    ['string', '133.80', '133.8'],
    ['negative', '-441', '-441'],
    ['Decimal', new Decimal('0.1'), '0.1'],
    ['Money', Money.of('2.5'), '2.5'],
  ])('reads a %s exactly', (_kind, input, expected) => {
    expect(Money.of(input).toString()).toBe(expected);
  });

  it('returns the same instance for a Money', () => {
    const amount = Money.of(1);
    expect(Money.of(amount)).toBe(amount);
  });

  it.each([NaN, Infinity, -Infinity, 'Infinity', '-Infinity', 'NaN'])('refuses the non-finite amount %s', (input) => {
    expect(() => Money.of(input)).toThrow(RangeError);
  });

  it('refuses text that is not a number', () => {
    expect(() => Money.of('12abc')).toThrow();
  });

  it('adds binary-unfriendly decimals exactly', () => {
    expect(Money.of(0.1).plus(0.2).toString()).toBe('0.3');
    expect(Money.of('0.3').minus('0.1').equals('0.2')).toBe(true);
  });

  it('multiplies and divides without rounding', () => {
    expect(Money.of('-9.80').times(45).toCents()).toBe('-441.00');
    expect(Money.of(10).dividedBy(4).toString()).toBe('2.5');
    expect(() => Money.of(1).dividedBy(0)).toThrow('Division of an amount by zero');
  });

  it('sums an iterable, zero when empty', () => {
    expect(Money.sum([Money.of('1.10'), Money.of('2.20'), Money.of('-0.30')]).toString()).toBe('3');
    expect(Money.sum([]).isZero()).toBe(true);
  });

  it.each([
    ['-5', true, false, false],
    ['0', false, false, true],
    ['-0', false, false, true],
    ['5', false, true, false],
  ])('classifies %s by sign', (input, negative, positive, zero) => {
    const amount = Money.of(input);
    expect([amount.isNegative(), amount.isPositive(), amount.isZero()]).toEqual([negative, positive, zero]);
  });

  it('negates, takes the absolute value and compares', () => {
    expect(Money.of('3.5').negated().toString()).toBe('-3.5');
    expect(Money.of('-3.5').abs().toString()).toBe('3.5');
    expect(Money.of(1).compare(2)).toBe(-1);
    expect(Money.of(2).compare(2)).toBe(0);
    expect(Money.of(3).compare(Money.of(2))).toBe(1);
  });

  it.each([
    ['0.125', '0.12'],
    ['0.135', '0.14'],
    ['-0.125', '-0.12'],
    ['2.675', '2.68'],
    ['441', '441.00'],
  ])('rounds %s half-even to cents as %s', (input, cents) => {
    expect(Money.of(input).toCents()).toBe(cents);
  });

  it('rounds to a number of places as a new amount', () => {
    expect(Money.of('1.23456').roundedTo(4).toString()).toBe('1.2346');
    expect(Money.of('1.00005').roundedTo(4).toString()).toBe('1');
  });

  it('serialises to full precision', () => {
    expect(JSON.stringify({ pnl: Money.of('-441.125') })).toBe('{"pnl":"-441.125"}');
  });
});
