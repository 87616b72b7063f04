import fc from 'fast-check';
import { barExecution, exitInBar, pointBar, type Bar, type WorkingOrder } from './bar-fills';
import { Price } from './price';

const bar = (open: string, high: string, low: string, close: string): Bar => ({
  open: Price.of(open),
  high: Price.of(high),
  low: Price.of(low),
  close: Price.of(close),
});
const limit = (side: 'buy' | 'sell', price: string): WorkingOrder => ({ side, type: 'limit', limitPrice: Price.of(price), stopPrice: null });
const stop = (side: 'buy' | 'sell', price: string, triggered = false): WorkingOrder => ({
  side,
  type: 'stop',
  limitPrice: null,
  stopPrice: Price.of(price),
  triggered,
});
const fillOf = (order: WorkingOrder, b: Bar) => {
  const execution = barExecution(order, b);
  return execution && { price: execution.price.toString(), triggers: execution.triggers, atOpen: execution.atOpen };
};

describe('barExecution', () => {
  it.each([
    ['a buy limit the bar trades through fills at the limit', limit('buy', '100.00'), bar('101', '101.5', '99.5', '100.5'), '100', false, false],
    ['a buy limit the bar opens below fills at the open (a gap)', limit('buy', '100.00'), bar('98.70', '99.9', '98.1', '99'), '98.7', false, true],
    ['a buy limit touched exactly fills at the limit', limit('buy', '100.00'), bar('101', '101', '100', '100.5'), '100', false, false],
    ['a take-profit the bar reaches fills at its limit', limit('sell', '110.00'), bar('108', '110.2', '107.9', '109'), '110', false, false],
    ['a take-profit the bar opens above fills at the open', limit('sell', '110.00'), bar('111.25', '112', '110.5', '111'), '111.25', false, true],
    ['a sell stop the bar trades through triggers at the stop', stop('sell', '95.00'), bar('96', '96.1', '94.2', '94.5'), '95', true, false],
    ['a sell stop the bar gaps through fills at the open', stop('sell', '95.00'), bar('92.10', '93', '91.5', '92.5'), '92.1', true, true],
    ['a buy stop the bar trades through triggers at the stop', stop('buy', '105.00'), bar('104', '105.5', '103.9', '105.2'), '105', true, false],
    ['a buy stop the bar gaps through fills at the open', stop('buy', '105.00'), bar('106', '106.5', '105.5', '106'), '106', true, true],
    ['a triggered stop is a market order', stop('sell', '95.00', true), bar('97', '98', '96.5', '97.5'), '97', false, true],
  ])('%s', (_what, order, b, price, triggers, atOpen) => {
    expect(fillOf(order, b)).toEqual({ price: Price.of(price).toString(), triggers, atOpen });
  });

  it('fills a market order at the open', () => {
    expect(fillOf({ side: 'buy', type: 'market', limitPrice: null, stopPrice: null }, bar('50', '51', '49', '50.5'))).toEqual({
      price: '50.00',
      triggers: false,
      atOpen: true,
    });
  });

  it.each([
    ['a buy limit below the low', limit('buy', '99.00'), bar('101', '102', '99.01', '100')],
    ['a take-profit above the high', limit('sell', '110.00'), bar('108', '109.99', '107', '109')],
    ['a sell stop below the low', stop('sell', '95.00'), bar('96', '97', '95.01', '96')],
    ['a buy stop above the high', stop('buy', '105.00'), bar('104', '104.99', '103', '104')],
    ['a limit order without a limit price', { side: 'buy', type: 'limit', limitPrice: null, stopPrice: null } as WorkingOrder, bar('1', '1', '1', '1')],
    ['a stop order without a stop price', { side: 'sell', type: 'stop', limitPrice: null, stopPrice: null } as WorkingOrder, bar('1', '1', '1', '1')],
  ])('leaves %s unfilled', (_what, order, b) => {
    expect(barExecution(order, b)).toBeUndefined();
  });

  it('on a bar of one price, fills exactly what a last-price match fills, at that price (the simulated broker)', () => {
    const cents = fc.integer({ min: 1, max: 100_000 });
    const order = fc.record({
      side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
      type: fc.constantFrom<'limit' | 'stop'>('limit', 'stop'),
      level: cents,
    });
    fc.assert(
      fc.property(order, cents, ({ side, type, level }, market) => {
        const at = Price.of(market / 100);
        const levelPrice = Price.of(level / 100);
        const working: WorkingOrder =
          type === 'limit' ? { side, type, limitPrice: levelPrice, stopPrice: null } : { side, type, limitPrice: null, stopPrice: levelPrice };
        const marketable = type === 'limit' ? (side === 'buy' ? market <= level : market >= level) : side === 'sell' ? market <= level : market >= level;
        const execution = barExecution(working, pointBar(at));
        expect(execution !== undefined).toBe(marketable);
        if (execution) expect(execution.price.equals(at)).toBe(true);
      }),
    );
  });
});

describe('exitInBar', () => {
  const position = { stop: stop('sell', '95.00'), target: limit('sell', '110.00') };
  const exit = (b: Bar, rule?: 'stop' | 'target') => exitInBar(barExecution(position.stop, b), barExecution(position.target, b), rule);

  it('takes the stop when a bar reaches both, unless told to take the target', () => {
    const both = bar('100', '111', '94', '100');
    expect(exit(both)).toBe('stop');
    expect(exit(both, 'stop')).toBe('stop');
    expect(exit(both, 'target')).toBe('target');
  });

  it('takes the leg the bar opens through, whatever the rule', () => {
    expect(exit(bar('94', '111', '93', '100'), 'target')).toBe('stop');
    expect(exit(bar('111', '112', '94', '100'))).toBe('target');
  });

  it('takes the one leg a bar reaches, and none when it reaches neither', () => {
    expect(exit(bar('100', '110', '99', '109'))).toBe('target');
    expect(exit(bar('100', '101', '95', '96'))).toBe('stop');
    expect(exit(bar('100', '109.99', '95.01', '100'))).toBeUndefined();
  });
});
