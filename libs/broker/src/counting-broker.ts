import type { Price } from '@trading-monitor/domain';
import type {
  Broker,
  BrokerOrder,
  BrokerPosition,
  ClosePositionOptions,
  EntryOrderRequest,
  ListOrdersQuery,
  MarketClock,
  MarketDay,
  ProtectionOrderRequest,
  ReplaceOrderRequest,
} from './broker';

export type BrokerMethod = keyof Broker;

const METHODS: readonly BrokerMethod[] = [
  'submitEntry',
  'submitProtection',
  'cancelOrder',
  'replaceOrder',
  'getOrder',
  'getOrderByClientId',
  'listOrders',
  'listPositions',
  'closePosition',
  'latestPrices',
  'getClock',
  'getCalendar',
];

/**
 * Wraps any Broker and counts the calls per method (failed calls included: they cost a request
 * too), so benchmarks and tests can hold a job to "broker calls per cycle".
 */
export class CountingBroker implements Broker {
  private calls = new Map<BrokerMethod, number>();

  constructor(readonly inner: Broker) {}

  /** Calls per method since the last reset; methods never called are 0. */
  counts(): Record<BrokerMethod, number> {
    return Object.fromEntries(METHODS.map((method) => [method, this.calls.get(method) ?? 0])) as Record<BrokerMethod, number>;
  }

  total(): number {
    let total = 0;
    for (const count of this.calls.values()) total += count;
    return total;
  }

  reset(): void {
    this.calls = new Map();
  }

  private count(method: BrokerMethod): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
  }

  submitEntry(request: EntryOrderRequest): Promise<BrokerOrder> {
    this.count('submitEntry');
    return this.inner.submitEntry(request);
  }

  submitProtection(request: ProtectionOrderRequest): Promise<BrokerOrder[]> {
    this.count('submitProtection');
    return this.inner.submitProtection(request);
  }

  cancelOrder(orderId: string): Promise<void> {
    this.count('cancelOrder');
    return this.inner.cancelOrder(orderId);
  }

  replaceOrder(orderId: string, changes: ReplaceOrderRequest): Promise<BrokerOrder> {
    this.count('replaceOrder');
    return this.inner.replaceOrder(orderId, changes);
  }

  getOrder(orderId: string): Promise<BrokerOrder> {
    this.count('getOrder');
    return this.inner.getOrder(orderId);
  }

  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    this.count('getOrderByClientId');
    return this.inner.getOrderByClientId(clientOrderId);
  }

  listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    this.count('listOrders');
    return this.inner.listOrders(query);
  }

  listPositions(): Promise<BrokerPosition[]> {
    this.count('listPositions');
    return this.inner.listPositions();
  }

  closePosition(symbol: string, options?: ClosePositionOptions): Promise<BrokerOrder> {
    this.count('closePosition');
    return this.inner.closePosition(symbol, options);
  }

  latestPrices(symbols: readonly string[]): Promise<Map<string, Price>> {
    this.count('latestPrices');
    return this.inner.latestPrices(symbols);
  }

  getClock(): Promise<MarketClock> {
    this.count('getClock');
    return this.inner.getClock();
  }

  getCalendar(from: string, to: string): Promise<MarketDay[]> {
    this.count('getCalendar');
    return this.inner.getCalendar(from, to);
  }
}
