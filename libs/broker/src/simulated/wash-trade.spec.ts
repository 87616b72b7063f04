import { Price } from '@trading-monitor/domain';
import type { SimOrder } from './sim-order';
import { washTradeConflict, type WashTradeCandidate } from './wash-trade';

const at = new Date('2026-11-23T15:00:00Z');

function existing(overrides: Partial<SimOrder>): SimOrder {
  return {
    id: 'existing',
    clientOrderId: 'existing',
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    orderClass: 'simple',
    role: 'single',
    timeInForce: 'day',
    qty: 45,
    limitPrice: Price.of('130.00'),
    stopPrice: null,
    status: 'new',
    active: true,
    triggered: false,
    fills: [],
    submittedAt: at,
    updatedAt: at,
    filledAt: null,
    canceledAt: null,
    expiredAt: null,
    expiresAt: null,
    parentId: null,
    groupId: 'existing',
    replacedBy: null,
    replaces: null,
    ...overrides,
  };
}

function candidate(overrides: Partial<WashTradeCandidate>): WashTradeCandidate {
  return { symbol: 'AAPL', side: 'sell', type: 'limit', orderClass: 'simple', limitPrice: Price.of('131.00'), ...overrides };
}

describe('wash-trade rule', () => {
  it.each<[string, Partial<SimOrder>, Partial<WashTradeCandidate>, boolean]>([
    ['sell limit above an open buy limit', {}, {}, false],
    ['sell limit at an open buy limit', {}, { limitPrice: Price.of('130.00') }, true],
    ['sell limit below an open buy limit', {}, { limitPrice: Price.of('129.99') }, true],
    ['buy limit at or above an open sell limit', { side: 'sell', limitPrice: Price.of('131.00') }, { side: 'buy', limitPrice: Price.of('131.00') }, true],
    ['buy limit below an open sell limit', { side: 'sell', limitPrice: Price.of('131.00') }, { side: 'buy', limitPrice: Price.of('130.99') }, false],
    ['market order against an open opposite limit', {}, { type: 'market', limitPrice: null }, true],
    ['limit against an open opposite market order', { type: 'market', limitPrice: null }, {}, true],
    ['sell stop against an open buy limit (always, per the docs)', {}, { type: 'stop', limitPrice: null }, true],
    [
      'buy limit against an open sell stop (always, per the docs)',
      { side: 'sell', type: 'stop', limitPrice: null, stopPrice: Price.of('120.00') },
      { side: 'buy', limitPrice: Price.of('100.00') },
      true,
    ],
    ['same side', { side: 'sell' }, { limitPrice: Price.of('100.00') }, false],
    ['another symbol', { symbol: 'MSFT' }, { limitPrice: Price.of('100.00') }, false],
    ['an order that is no longer open', { status: 'filled' }, { limitPrice: Price.of('100.00') }, false],
    ['a held leg of another complex order', { status: 'held', orderClass: 'bracket', role: 'entry' }, { limitPrice: Price.of('100.00') }, true],
    ['a new OCO (complex orders are exempt)', {}, { orderClass: 'oco', limitPrice: Price.of('100.00') }, false],
    ['a replacement within its own group', { groupId: 'g' }, { limitPrice: Price.of('100.00'), groupId: 'g' }, false],
  ])('%s → conflict: %s', (_name, open, order, conflicts) => {
    expect(washTradeConflict(candidate(order), [existing(open)]) !== undefined).toBe(conflicts);
  });
});
