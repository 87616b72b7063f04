import { trading } from '@alpacahq/alpaca-trade-api/rest';
import { BROKER_ORDER_STATUSES } from '@trading-monitor/domain';
import { UnexpectedBrokerResponse } from '../unexpected-broker-response';
import { brokerOrderFromAlpaca, brokerPositionFromAlpaca, flattenAlpacaOrder } from './alpaca-order-mapping';

// What GET /v2/orders/{id}?nested=true returns for an OCO, as Alpaca writes it.
function wireOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
    client_order_id: 'oco-1',
    created_at: '2026-11-23T15:00:00.123456Z',
    updated_at: '2026-11-23T15:00:01.5Z',
    submitted_at: '2026-11-23T15:00:00.123456Z',
    filled_at: null,
    expired_at: null,
    canceled_at: null,
    failed_at: null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: 'b0b6dd9d-8b9b-48a9-ba46-b9d54906e415',
    symbol: 'AAPL',
    asset_class: 'us_equity',
    notional: null,
    qty: '45',
    filled_qty: '0',
    filled_avg_price: null,
    order_class: 'oco',
    order_type: 'limit',
    type: 'limit',
    side: 'sell',
    time_in_force: 'gtc',
    limit_price: '150.1',
    stop_price: null,
    status: 'new',
    extended_hours: false,
    legs: [
      {
        id: '8d8f4b2e-7f5e-4a3b-9a51-6d0b7d1f2c3a',
        client_order_id: 'c2b1',
        created_at: '2026-11-23T15:00:00.123456Z',
        updated_at: '2026-11-23T15:00:00.123456Z',
        submitted_at: '2026-11-23T15:00:00.123456Z',
        symbol: 'AAPL',
        qty: '45',
        filled_qty: '0',
        filled_avg_price: null,
        order_class: 'oco',
        type: 'stop',
        side: 'sell',
        time_in_force: 'gtc',
        limit_price: null,
        stop_price: '130',
        status: 'held',
        notional: null,
        legs: null,
      },
    ],
    ...overrides,
  };
}

const parse = (json: Record<string, unknown>) => trading.OrderFromJSON(json);

describe('Alpaca order mapping', () => {
  it('flattens an OCO: the take-profit parent, then its stop leg pointing at it', () => {
    const [takeProfit, stop] = flattenAlpacaOrder(parse(wireOrder()));
    expect(takeProfit).toMatchObject({
      id: '61e69015-8549-4bfd-b9c3-01e75843f47d',
      clientOrderId: 'oco-1',
      type: 'limit',
      orderClass: 'oco',
      qty: 45,
      filledQty: 0,
      filledAvgPrice: null,
      status: 'new',
      parentId: null,
      submittedAt: new Date('2026-11-23T15:00:00.123Z'),
    });
    expect(takeProfit.limitPrice?.toString()).toBe('150.10');
    expect(stop).toMatchObject({ type: 'stop', status: 'held', parentId: takeProfit.id });
    expect(stop.stopPrice?.toString()).toBe('130.00');
  });

  it.each(BROKER_ORDER_STATUSES)('knows the status %s', (status) => {
    expect(brokerOrderFromAlpaca(parse(wireOrder({ status }))).status).toBe(status);
  });

  it('refuses a status Alpaca does not document', () => {
    expect(() => brokerOrderFromAlpaca(parse(wireOrder({ status: 'teleported' })))).toThrow(UnexpectedBrokerResponse);
  });

  it('keeps decimals exact and reads fills', () => {
    const order = brokerOrderFromAlpaca(parse(wireOrder({ status: 'partially_filled', filled_qty: '20', filled_avg_price: '133.6333' })));
    expect([order.filledQty, order.filledAvgPrice?.toString()]).toEqual([20, '133.6333']);
  });

  it('reads a plain order (empty order_class), a trailing stop and an intraday time in force', () => {
    const order = brokerOrderFromAlpaca(parse(wireOrder({ order_class: '', type: 'trailing_stop', stop_price: '120.5', time_in_force: 'ioc', legs: null })));
    expect([order.orderClass, order.type, order.timeInForce, order.stopPrice?.toString()]).toEqual(['simple', 'stop', 'day', '120.50']);
  });

  it('refuses an order without an id or with an unknown side', () => {
    expect(() => brokerOrderFromAlpaca(parse(wireOrder({ id: undefined })))).toThrow(UnexpectedBrokerResponse);
    expect(() => brokerOrderFromAlpaca(parse(wireOrder({ side: 'hold' })))).toThrow(UnexpectedBrokerResponse);
  });

  it('reads long and short positions with a signed quantity', () => {
    const wire = {
      asset_id: 'x',
      symbol: 'AAPL',
      exchange: 'NASDAQ',
      asset_class: 'us_equity',
      asset_marginable: true,
      qty: '45',
      avg_entry_price: '133.5',
      side: 'long',
      market_value: '6300',
      cost_basis: '6007.5',
      unrealized_pl: '292.5',
      unrealized_plpc: '0.0487',
      unrealized_intraday_pl: '0',
      unrealized_intraday_plpc: '0',
      current_price: '140',
      lastday_price: '139',
      change_today: '0.007',
    };
    const long = brokerPositionFromAlpaca(trading.PositionFromJSON(wire));
    expect([long.qty, long.side, long.avgEntryPrice.toString(), long.currentPrice?.toString()]).toEqual([45, 'long', '133.50', '140.00']);
    const short = brokerPositionFromAlpaca(trading.PositionFromJSON({ ...wire, qty: '-10', side: 'short' }));
    expect([short.qty, short.side]).toEqual([-10, 'short']);
    expect(() => brokerPositionFromAlpaca(trading.PositionFromJSON({ ...wire, avg_entry_price: '' }))).toThrow(UnexpectedBrokerResponse);
  });
});
