import {
  NotFound,
  Rejected,
  type Broker,
  type BrokerOrder,
  type ClosePositionOptions,
  type EntryOrderRequest,
  type ListOrdersQuery,
  type ProtectionOrderRequest,
  type ReplaceOrderRequest,
} from '@trading-monitor/broker';
import type { Clock } from '@trading-monitor/domain';

/** One change the run would have asked of the broker. */
export interface IntendedOrder {
  action: 'submit' | 'cancel' | 'replace' | 'close-position';
  symbol: string;
  /** For a person: `buy 45 NVDA limit 133.80 (day)`. */
  description: string;
  /** The client_order_id it would carry (submit), or the broker's id of the order acted on. */
  clientOrderId?: string;
  orderId?: string;
}

const ENDED = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced', 'done_for_day', 'stopped', 'suspended', 'calculated']);

/**
 * The broker as a dry run sees it: every read goes to the real broker; every change (submit,
 * cancel, replace, close) is written down instead of sent, and answered the way the broker would
 * accept it, so the rest of the run goes on as it would. A submit whose client_order_id the broker
 * already has is refused as a duplicate, as Alpaca does, and the run adopts the existing order.
 * Nothing reaches the broker but reads.
 */
export class DryRunBroker implements Broker {
  readonly intended: IntendedOrder[] = [];
  private readonly made = new Map<string, BrokerOrder>();
  private readonly cancelled = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly real: Broker,
    private readonly clock: Clock,
  ) {}

  async submitEntry(request: EntryOrderRequest): Promise<BrokerOrder> {
    await this.refuseDuplicate(request.clientOrderId);
    const price = request.type === 'limit' ? `limit ${request.limitPrice?.toString()}` : 'market';
    const attached = request.attached
      ? `, with stop ${request.attached.stopPrice.toString()}${request.attached.takeProfitPrice ? ` and take-profit ${request.attached.takeProfitPrice.toString()}` : ''}`
      : '';
    this.intended.push({
      action: 'submit',
      symbol: request.symbol,
      description: `${request.side} ${request.qty} ${request.symbol} ${price} (${request.timeInForce})${attached}`,
      clientOrderId: request.clientOrderId,
    });
    return this.remember({
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      orderClass: request.attached ? 'bracket' : 'simple',
      timeInForce: request.timeInForce,
      qty: request.qty,
      limitPrice: request.limitPrice ?? null,
    });
  }

  async submitProtection(request: ProtectionOrderRequest): Promise<BrokerOrder[]> {
    await this.refuseDuplicate(request.clientOrderId);
    const what =
      request.kind === 'oco'
        ? `OCO ${request.side} ${request.qty} ${request.symbol} stop ${request.stopPrice.toString()} / take-profit ${request.takeProfitPrice.toString()} (${request.timeInForce})`
        : `${request.side} ${request.qty} ${request.symbol} stop ${request.stopPrice.toString()} (${request.timeInForce})`;
    this.intended.push({ action: 'submit', symbol: request.symbol, description: what, clientOrderId: request.clientOrderId });
    const common = { symbol: request.symbol, side: request.side, timeInForce: request.timeInForce, qty: request.qty };
    if (request.kind === 'stop') {
      return [this.remember({ ...common, clientOrderId: request.clientOrderId, type: 'stop', orderClass: 'simple', stopPrice: request.stopPrice })];
    }
    const parent = this.remember({ ...common, clientOrderId: request.clientOrderId, type: 'limit', orderClass: 'oco', limitPrice: request.takeProfitPrice });
    const stopLeg = this.remember({
      ...common,
      clientOrderId: `${request.clientOrderId}-leg`,
      type: 'stop',
      orderClass: 'oco',
      stopPrice: request.stopPrice,
      parentId: parent.id,
      status: 'held',
    });
    return [parent, stopLeg];
  }

  async cancelOrder(orderId: string): Promise<void> {
    const order = await this.getOrder(orderId);
    if (ENDED.has(order.status)) throw new Rejected('not_cancelable', `order is already ${order.status}`, 422);
    this.intended.push({ action: 'cancel', symbol: order.symbol, description: `cancel ${order.side} ${order.qty} ${order.symbol} (${order.status})`, orderId });
    this.cancelled.add(orderId);
  }

  async replaceOrder(orderId: string, changes: ReplaceOrderRequest): Promise<BrokerOrder> {
    const order = await this.getOrder(orderId);
    const what = [
      changes.qty !== undefined ? `qty ${changes.qty}` : '',
      changes.limitPrice ? `limit ${changes.limitPrice.toString()}` : '',
      changes.stopPrice ? `stop ${changes.stopPrice.toString()}` : '',
    ].filter(Boolean);
    this.intended.push({ action: 'replace', symbol: order.symbol, description: `replace ${order.symbol} order: ${what.join(', ')}`, orderId });
    this.cancelled.add(orderId);
    return this.remember({
      ...order,
      clientOrderId: changes.clientOrderId ?? `${order.clientOrderId}-r`,
      qty: changes.qty ?? order.qty,
      limitPrice: changes.limitPrice ?? order.limitPrice,
      stopPrice: changes.stopPrice ?? order.stopPrice,
      timeInForce: changes.timeInForce ?? order.timeInForce,
    });
  }

  async closePosition(symbol: string, options?: ClosePositionOptions): Promise<BrokerOrder> {
    const position = (await this.real.listPositions()).find((p) => p.symbol === symbol);
    if (!position) throw new NotFound(`no position in ${symbol}`);
    const side = position.side === 'long' ? 'sell' : 'buy';
    this.intended.push({
      action: 'close-position',
      symbol,
      description: `${side} ${position.qty} ${symbol} market (close the position)`,
      clientOrderId: options?.clientOrderId,
    });
    return this.remember({
      clientOrderId: options?.clientOrderId ?? `dry-run-close-${symbol}`,
      symbol,
      side,
      type: 'market',
      orderClass: 'simple',
      timeInForce: 'day',
      qty: Math.abs(position.qty),
    });
  }

  async getOrder(orderId: string): Promise<BrokerOrder> {
    const made = this.made.get(orderId);
    if (made) return this.cancelled.has(orderId) ? { ...made, status: 'canceled' } : made;
    return this.asAfterCancels(await this.real.getOrder(orderId));
  }

  async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    const made = [...this.made.values()].find((o) => o.clientOrderId === clientOrderId);
    if (made) return this.getOrder(made.id);
    return this.asAfterCancels(await this.real.getOrderByClientId(clientOrderId));
  }

  async listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    const real = (await this.real.listOrders(query)).map((o) => this.asAfterCancels(o));
    const made = [...this.made.keys()].map((id) => (this.cancelled.has(id) ? { ...this.made.get(id)!, status: 'canceled' as const } : this.made.get(id)!));
    const wanted = made.filter(
      (o) => (!query.symbols || query.symbols.includes(o.symbol)) && (query.status === 'all' || (query.status === 'open') === !ENDED.has(o.status)),
    );
    return [...real.filter((o) => query.status !== 'open' || !ENDED.has(o.status)), ...wanted];
  }

  listPositions = () => this.real.listPositions();
  latestPrices = (symbols: readonly string[]) => this.real.latestPrices(symbols);
  getClock = () => this.real.getClock();
  getCalendar = (from: string, to: string) => this.real.getCalendar(from, to);

  /** A cancel this run would have sent is taken as confirmed, unless the order had already ended. */
  private asAfterCancels(order: BrokerOrder): BrokerOrder {
    if (!this.cancelled.has(order.id) || ENDED.has(order.status)) return order;
    return { ...order, status: 'canceled', canceledAt: this.clock.now() };
  }

  private async refuseDuplicate(clientOrderId: string): Promise<void> {
    try {
      await this.getOrderByClientId(clientOrderId);
    } catch (error) {
      if (error instanceof NotFound) return;
      throw error;
    }
    throw new Rejected('duplicate_client_order_id', 'client_order_id must be unique', 422);
  }

  private remember(
    order: Partial<BrokerOrder> & Pick<BrokerOrder, 'clientOrderId' | 'symbol' | 'side' | 'type' | 'orderClass' | 'timeInForce' | 'qty'>,
  ): BrokerOrder {
    const now = this.clock.now();
    const made: BrokerOrder = {
      filledQty: 0,
      filledAvgPrice: null,
      limitPrice: null,
      stopPrice: null,
      status: 'new',
      filledAt: null,
      canceledAt: null,
      expiredAt: null,
      parentId: null,
      replacedBy: null,
      replaces: null,
      ...order,
      id: `dry-run-${++this.sequence}`,
      submittedAt: now,
      updatedAt: now,
    };
    this.made.set(made.id, made);
    return made;
  }
}
