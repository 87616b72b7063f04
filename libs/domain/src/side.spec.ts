import { exitSideOf, SIDES } from './side';
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
