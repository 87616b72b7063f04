import { compareBooks, isOwnOrder, orderDisagreement, type BookSnapshot, type BrokerOrderView } from './book-comparison';
import { clientOrderIdOf } from './client-order-id';

const EMPTY: BookSnapshot = {
  journalOrders: [],
  brokerReports: new Map(),
  unknownToBroker: [],
  brokerOpen: [],
  journalKnows: new Set(),
  holdingTrades: [],
  brokerPositions: [],
};

function brokerOrder(id: string, extra: Partial<BrokerOrderView> = {}): BrokerOrderView {
  return { id, clientOrderId: `by-hand-${id}`, parentId: null, symbol: 'NVDA', side: 'sell', type: 'stop', status: 'new', qty: 45, filledQty: 0, ...extra };
}

const stopFor = (scopeId: string) => clientOrderIdOf({ scopeId, leg: 'stop', sequence: 1 });

describe('compareBooks', () => {
  it('finds nothing in an empty book, or in one where both sides agree', () => {
    expect(compareBooks(EMPTY)).toMatchObject({ clean: true, ordersBehind: [], strayProtection: [] });
    const agreeing: BookSnapshot = {
      ...EMPTY,
      journalOrders: [{ orderId: 's1', symbol: 'NVDA', role: 'STOP_LOSS', status: 'pending', qty: 45, filledQty: 0 }],
      brokerReports: new Map([['s1', brokerOrder('s1', { status: 'pending_cancel' })]]),
      brokerOpen: [brokerOrder('s1')],
      journalKnows: new Set(['s1']),
      holdingTrades: [{ tradeId: 'T1', symbol: 'NVDA', journalQty: 45, orders: [{ role: 'STOP_LOSS', status: 'pending', qty: 45, filledQty: 0 }] }],
      brokerPositions: [{ symbol: 'NVDA', qty: 45 }],
    };
    expect(compareBooks(agreeing).clean).toBe(true);
  });

  it('reports an order the broker filled further as behind and as a missed fill', () => {
    const findings = compareBooks({
      ...EMPTY,
      journalOrders: [{ orderId: 'tp', symbol: 'NVDA', role: 'TAKE_PROFIT', status: 'pending', qty: 45, filledQty: 0 }],
      brokerReports: new Map([['tp', brokerOrder('tp', { status: 'filled', filledQty: 45, type: 'limit' })]]),
    });
    expect(findings.missedFills).toEqual([{ orderId: 'tp', symbol: 'NVDA', role: 'TAKE_PROFIT', journal: 'pending 0/45', broker: 'filled 45/45' }]);
    expect(findings.ordersBehind).toEqual(findings.missedFills);
    expect(findings.clean).toBe(false);
  });

  it('positions: only in the journal, only at the broker, a different quantity, and shares no stop covers', () => {
    const findings = compareBooks({
      ...EMPTY,
      holdingTrades: [
        { tradeId: 'T1', symbol: 'NVDA', journalQty: 45, orders: [{ role: 'STOP_LOSS', status: 'pending', qty: 20, filledQty: 0 }] },
        { tradeId: 'T2', symbol: 'AMD', journalQty: 10, orders: [{ role: 'STOP_LOSS', status: 'pending', qty: 10, filledQty: 0 }] },
      ],
      brokerPositions: [
        { symbol: 'NVDA', qty: 40 },
        { symbol: 'TSLA', qty: -5 },
      ],
    });
    expect(findings.positionsOnlyInJournal).toEqual([{ tradeId: 'T2', symbol: 'AMD', qty: 10 }]);
    expect(findings.positionsOnlyAtBroker).toEqual([{ symbol: 'TSLA', qty: -5 }]);
    expect(findings.quantityMismatches).toEqual([{ symbol: 'NVDA', journalQty: 45, brokerQty: 40 }]);
    expect(findings.unprotected).toEqual([{ tradeId: 'T1', symbol: 'NVDA', heldQty: 45, protectedQty: 20 }]);
  });

  it('marks the product’s own orders (and their legs), and calls a stop stray only when its trade holds nothing', () => {
    const longTradeId = `NVDA-${'x'.repeat(120)}`; // hashed into the client_order_id
    const findings = compareBooks({
      ...EMPTY,
      brokerOpen: [
        brokerOrder('held', { clientOrderId: stopFor('T1') }),
        brokerOrder('held-hashed', { clientOrderId: stopFor(longTradeId) }),
        brokerOrder('gone', { clientOrderId: stopFor('T-GONE'), symbol: 'AMD' }),
        brokerOrder('oco', { clientOrderId: clientOrderIdOf({ scopeId: 'T-GONE', leg: 'oco', sequence: 1 }), type: 'limit' }),
        brokerOrder('oco-leg', { parentId: 'oco' }),
        brokerOrder('hand'),
      ],
      holdingTrades: [
        { tradeId: 'T1', symbol: 'NVDA', journalQty: 0, orders: [] },
        { tradeId: longTradeId, symbol: 'NVDA', journalQty: 0, orders: [] },
      ],
    });
    expect(findings.notInJournal.map((o) => [o.orderId, o.own])).toEqual([
      ['held', true],
      ['held-hashed', true],
      ['gone', true],
      ['oco', true],
      ['oco-leg', true],
      ['hand', false],
    ]);
    expect(findings.strayProtection.map((o) => o.orderId)).toEqual(['gone', 'oco']);
  });
});

describe('orderDisagreement', () => {
  it('agrees when the broker’s status maps to the journal’s and the fills match', () => {
    expect(orderDisagreement({ status: 'partially_filled', filledQty: 20 }, { status: 'pending_cancel', filledQty: 20 })).toBeNull();
    expect(orderDisagreement({ status: 'pending', filledQty: 0 }, { status: 'canceled', filledQty: 0 })).toEqual({
      status: true,
      fills: false,
      missedFill: false,
    });
    expect(orderDisagreement({ status: 'filled', filledQty: 45 }, { status: 'filled', filledQty: 15 })).toEqual({
      status: false,
      fills: true,
      missedFill: false,
    });
  });
});

describe('isOwnOrder', () => {
  it('is the product’s when its id or its parent’s id is', () => {
    const parent = brokerOrder('p', { clientOrderId: stopFor('T1') });
    expect(isOwnOrder(brokerOrder('leg', { parentId: 'p' }), (id) => (id === 'p' ? parent : undefined))).toBe(true);
    expect(isOwnOrder(brokerOrder('leg', { parentId: 'other' }), () => undefined)).toBe(false);
  });
});
