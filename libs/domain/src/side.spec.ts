import { exitSideOf, heldOnSide, signedQty, SIDES } from './side';
import { styleHasTakeProfit, TRADE_STYLES } from './trade-style';

describe('exitSideOf', () => {
  it.each([
    ['buy', 'sell'],
    ['sell', 'buy'],
  ] as const)('closes a %s entry with a %s', (entry, exit) => {
    expect(exitSideOf(entry)).toBe(exit);
  });

  it('knows both sides', () => {
    expect(SIDES).toEqual(['buy', 'sell']);
  });
});

describe('signedQty', () => {
  it.each([
    ['buy', 45, 45],
    ['sell', 45, -45],
  ] as const)('%s entry holding %i shares is %i as Alpaca signs it', (side, qty, signed) => {
    expect(signedQty(side, qty)).toBe(signed);
  });
});

describe('heldOnSide', () => {
  it.each([
    ['buy', 45, 45],
    ['buy', -45, 0],
    ['sell', -45, 45],
    ['sell', 45, 0],
    ['buy', 0, 0],
  ] as const)('a %s trade holds, of a broker position of %i, %i shares', (side, brokerQty, held) => {
    expect(heldOnSide(side, brokerQty)).toBe(held);
  });
});

describe('styleHasTakeProfit', () => {
  it.each([
    ['DAYTRADE', false],
    ['SWING', true],
    ['TREND', false],
  ] as const)('%s takes profit: %s', (style, expected) => {
    expect(styleHasTakeProfit(style)).toBe(expected);
  });

  it('covers every style', () => {
    expect(TRADE_STYLES).toEqual(['DAYTRADE', 'SWING', 'TREND']);
  });
});
