import { Price } from './price';
import { planProtection, type ProtectionInput } from './protection-plan';

const long = (overrides: Partial<ProtectionInput> = {}): ProtectionInput => ({
  style: 'SWING',
  entrySide: 'buy',
  filledQty: 45,
  protectedQty: 0,
  stopLoss: Price.of('124.00'),
  takeProfit: Price.of('145.50'),
  ...overrides,
});

const short = (overrides: Partial<ProtectionInput> = {}): ProtectionInput =>
  long({ entrySide: 'sell', stopLoss: Price.of('52.50'), takeProfit: Price.of('45.25'), ...overrides });

const summary = (input: ProtectionInput) => {
  const order = planProtection(input);
  if (!order) return null;
  return {
    ...order,
    stopPrice: order.stopPrice.toString(),
    ...(order.kind === 'oco' ? { takeProfitPrice: order.takeProfitPrice.toString() } : {}),
  };
};

describe('planProtection', () => {
  it.each([
    ['SWING long: one OCO', long(), { kind: 'oco', side: 'sell', qty: 45, stopPrice: '124.00', takeProfitPrice: '145.50', timeInForce: 'gtc' }],
    [
      'DAYTRADE long: a stop alone',
      long({ style: 'DAYTRADE', takeProfit: undefined }),
      { kind: 'stop', side: 'sell', qty: 45, stopPrice: '124.00', timeInForce: 'gtc' },
    ],
    ['TREND long: a stop alone', long({ style: 'TREND', takeProfit: null }), { kind: 'stop', side: 'sell', qty: 45, stopPrice: '124.00', timeInForce: 'gtc' }],
    [
      'TREND with a stray take-profit: still a stop alone',
      long({ style: 'TREND' }),
      { kind: 'stop', side: 'sell', qty: 45, stopPrice: '124.00', timeInForce: 'gtc' },
    ],
    [
      'SWING that lost its take-profit: a stop, never naked',
      long({ takeProfit: null }),
      { kind: 'stop', side: 'sell', qty: 45, stopPrice: '124.00', timeInForce: 'gtc' },
    ],
    ['SWING short: one OCO that buys back', short(), { kind: 'oco', side: 'buy', qty: 45, stopPrice: '52.50', takeProfitPrice: '45.25', timeInForce: 'gtc' }],
    [
      'DAYTRADE short: a buy stop',
      short({ style: 'DAYTRADE', takeProfit: undefined }),
      { kind: 'stop', side: 'buy', qty: 45, stopPrice: '52.50', timeInForce: 'gtc' },
    ],
    [
      'partial fill: the filled shares',
      long({ filledQty: 20 }),
      { kind: 'oco', side: 'sell', qty: 20, stopPrice: '124.00', takeProfitPrice: '145.50', timeInForce: 'gtc' },
    ],
    [
      'growth: only the new shares',
      long({ filledQty: 45, protectedQty: 20 }),
      { kind: 'oco', side: 'sell', qty: 25, stopPrice: '124.00', takeProfitPrice: '145.50', timeInForce: 'gtc' },
    ],
    [
      'growth of a stop-only trade',
      long({ style: 'DAYTRADE', filledQty: 30, protectedQty: 10 }),
      { kind: 'stop', side: 'sell', qty: 20, stopPrice: '124.00', timeInForce: 'gtc' },
    ],
  ] as const)('%s', (_what, input, expected) => {
    expect(summary(input)).toEqual(expected);
  });

  it.each([
    ['everything protected', long({ protectedQty: 45 })],
    ['nothing filled yet', long({ filledQty: 0 })],
  ])('adds nothing when %s', (_what, input) => {
    expect(planProtection(input)).toBeNull();
  });

  it('never plans two exit orders for the same shares', () => {
    // Whatever the style, one order at most, and it covers only unprotected shares.
    for (const style of ['DAYTRADE', 'SWING', 'TREND'] as const) {
      for (let protectedQty = 0; protectedQty <= 45; protectedQty += 5) {
        const order = planProtection(long({ style, protectedQty }));
        expect(order?.qty ?? 0).toBe(45 - protectedQty);
      }
    }
  });

  it('refuses more protection than shares', () => {
    expect(() => planProtection(long({ filledQty: 20, protectedQty: 45 }))).toThrow(
      'Protective orders cover 45 shares but only 20 filled: cancel the excess protection at the broker before adding any',
    );
  });

  it.each([-1, 2.5, NaN])('refuses the quantity %p', (qty) => {
    expect(() => planProtection(long({ filledQty: qty }))).toThrow(RangeError);
    expect(() => planProtection(long({ protectedQty: qty }))).toThrow(RangeError);
  });

  it.each([
    ['long', long({ takeProfit: Price.of('120') }), 'Take-profit 120.00 must be above the stop 124.00 to protect a long position'],
    ['short', short({ takeProfit: Price.of('60') }), 'Take-profit 60.00 must be below the stop 52.50 to protect a short position'],
  ])('refuses an OCO whose legs are crossed (%s)', (_what, input, message) => {
    expect(() => planProtection(input)).toThrow(message);
  });
});
