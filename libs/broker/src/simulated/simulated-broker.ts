import { Money, Price, type Clock } from '@trading-monitor/domain';
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
} from '../broker';
import { NotFound, type RejectionReason } from '../broker-errors';
import { ALPACA_REFUSALS, rejected } from '../alpaca/alpaca-refusals';
import { splitRatioOf } from './corporate-actions';
import { Faults, type CallKind, type OrderRefusal } from './faults';
import { Interleavings, type Interleaving, type PortCall, type PortCallMoment } from './interleavings';
import { marketClockAt, sessionsBetween, sessionsTouching } from './market-calendar';
import { OrderBook } from './order-book';
import { PendingCancels, type CancelMode } from './pending-cancels';
import type { SimOrderSpec } from './order-spec';
import { closingSideOf } from './positions';
import { PriceFeed, type RandomWalkOptions } from './price-feed';
import { isOpenStatus, remainingQtyOf, toBrokerOrder, type SimOrder } from './sim-order';
import { orderFromState, orderToState, positionFromState, positionToState, readStateFile, writeStateFile, type SimulatedBrokerState } from './state-file';

export interface SimulatedBrokerOptions {
  /** The only source of time: tests pass a ManualClock. */
  clock: Clock;
  /** Cash in the account at the start (default 100,000). Buys and short sales must fit in it. */
  cash?: string | number;
  /** Where `persist()` writes the account. */
  stateFile?: string;
  /**
   * `asynchronous` (default, as Alpaca): a cancel reads `pending_cancel` until the venue confirms it
   * and can still fill meanwhile (see pending-cancels.ts). `immediate` relaxes that for a test.
   */
  cancels?: CancelMode;
}

const DEFAULT_CASH = '100000';

/**
 * A broker that behaves like Alpaca, deterministically, for tests, the demo and rehearsals.
 *
 * Time comes only from the clock. Every port call first catches up with it: orders submitted while
 * the market was closed start working at the next open (matched at the prices of that moment) and
 * `day` orders still open at a close expire. Prices move only when told (`setPrice`, `step` through
 * a script or a seeded random walk), and each move matches the working orders in that symbol.
 * Orders fill only while the market is open.
 */
export class SimulatedBroker implements Broker {
  readonly kind = 'simulated' as const;
  private readonly clock: Clock;
  private readonly stateFile?: string;
  private readonly feed: PriceFeed;
  private readonly faults: Faults;
  private readonly book: OrderBook;
  private readonly cancels: PendingCancels;
  private readonly interleavings = new Interleavings();
  private lastProcessedAt: Date;

  constructor(options: SimulatedBrokerOptions, state?: SimulatedBrokerState) {
    this.clock = options.clock;
    this.stateFile = options.stateFile;
    this.feed = state ? PriceFeed.fromState(state.feed) : new PriceFeed();
    this.faults = new Faults(state?.faults);
    this.book = new OrderBook(this.feed, {
      cash: Money.of(state?.cash ?? options.cash ?? DEFAULT_CASH),
      nextId: state?.nextId ?? 1,
      orders: (state?.orders ?? []).map(orderFromState),
      positions: (state?.positions ?? []).map(positionFromState),
      liquidity: state?.liquidity ?? {},
    });
    this.lastProcessedAt = state ? new Date(state.lastProcessedAt) : options.clock.now();
    this.cancels = new PendingCancels(this.book, options.cancels);
  }

  // ---------------------------------------------------------------- port

  async submitEntry(request: EntryOrderRequest): Promise<BrokerOrder> {
    const attached = request.attached;
    const [entry] = await this.submitOrder({
      symbol: request.symbol,
      side: request.side,
      qty: request.qty,
      type: request.type,
      // As the Alpaca adapter does: a limit price means something only on a limit order.
      limitPrice: request.type === 'limit' ? request.limitPrice : undefined,
      timeInForce: request.timeInForce,
      clientOrderId: request.clientOrderId,
      orderClass: attached ? (attached.takeProfitPrice ? 'bracket' : 'oto') : 'simple',
      takeProfit: attached?.takeProfitPrice ? { limitPrice: attached.takeProfitPrice } : undefined,
      stopLoss: attached ? { stopPrice: attached.stopPrice } : undefined,
    });
    return entry;
  }

  async submitProtection(request: ProtectionOrderRequest): Promise<BrokerOrder[]> {
    const common = {
      symbol: request.symbol,
      side: request.side,
      qty: request.qty,
      timeInForce: request.timeInForce,
      clientOrderId: request.clientOrderId,
    };
    if (request.kind === 'stop') return this.submitOrder({ ...common, type: 'stop', stopPrice: request.stopPrice });
    return this.submitOrder({
      ...common,
      type: 'limit',
      orderClass: 'oco',
      takeProfit: { limitPrice: request.takeProfitPrice },
      stopLoss: { stopPrice: request.stopPrice },
    });
  }

  /** Any order Alpaca's POST /v2/orders takes; returns the order, then its legs. */
  async submitOrder(spec: SimOrderSpec): Promise<BrokerOrder[]> {
    await this.beginCall('create', { call: 'submitOrder', clientOrderId: spec.clientOrderId });
    const created = this.book.place(spec, this.clock.now());
    this.faults.afterAccept(spec.clientOrderId);
    return created.map(toBrokerOrder);
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.beginCall('cancel', { call: 'cancelOrder' });
    const order = this.findOrder(orderId);
    if (!isOpenStatus(order.status)) throw rejected(ALPACA_REFUSALS.notCancelable(order.status));
    // Accepted now (Alpaca's 204), confirmed by the venue later: the order reads pending_cancel meanwhile.
    if (order.status !== 'pending_cancel') this.cancels.request(order, this.clock.now());
  }

  async replaceOrder(orderId: string, changes: ReplaceOrderRequest): Promise<BrokerOrder> {
    await this.beginCall('create', { call: 'replaceOrder', clientOrderId: changes.clientOrderId });
    const replacement = this.book.replace(this.findOrder(orderId), changes, this.clock.now());
    this.faults.afterAccept(replacement.clientOrderId);
    return toBrokerOrder(replacement);
  }

  async getOrder(orderId: string): Promise<BrokerOrder> {
    await this.beginCall('read', { call: 'getOrder' });
    return toBrokerOrder(this.findOrder(orderId));
  }

  async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    await this.beginCall('read', { call: 'getOrderByClientId' });
    const order = this.book.findByClientId(clientOrderId);
    if (!order) throw new NotFound(`No order with client_order_id ${clientOrderId} at the broker.`);
    return toBrokerOrder(order);
  }

  async listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    await this.beginCall('read', { call: 'listOrders' });
    const symbols = query.symbols ? new Set(query.symbols) : undefined;
    const wanted = (order: SimOrder) => query.status === 'all' || (query.status === 'open') === isOpenStatus(order.status);
    const listed: BrokerOrder[] = [];
    for (const top of this.book.topLevelOrders()) {
      if (query.after && !(top.submittedAt > query.after)) continue;
      if (symbols && !symbols.has(top.symbol)) continue;
      for (const order of [top, ...this.book.legsOf(top.id)]) if (wanted(order)) listed.push(toBrokerOrder(order));
    }
    return listed;
  }

  async listPositions(): Promise<BrokerPosition[]> {
    await this.beginCall('read', { call: 'listPositions' });
    return this.book.allPositions().map((position) => ({
      symbol: position.symbol,
      qty: position.qty,
      side: position.qty > 0 ? 'long' : 'short',
      avgEntryPrice: position.avgEntryPrice,
      currentPrice: this.feed.get(position.symbol) ?? null,
    }));
  }

  /**
   * As Alpaca's adapter closes (alpaca-broker.ts): cancel the position's open orders and wait for
   * them to end, then send the market order. The two steps are not one: between them the venue
   * goes on (the interleavings run there), and a sell that finds the shares held again by an order
   * placed meanwhile is refused "insufficient qty available", as Alpaca refuses it.
   */
  async closePosition(symbol: string, options: ClosePositionOptions = {}): Promise<BrokerOrder> {
    await this.beginCall('create', { call: 'closePosition', clientOrderId: options.clientOrderId });
    if (!this.book.position(symbol)) throw new NotFound(`No open position in ${symbol} at the broker.`);
    const clientOrderId = options.clientOrderId ?? this.book.newId();
    if (this.book.findByClientId(clientOrderId)) throw rejected(ALPACA_REFUSALS.duplicateClientOrderId());
    this.book.cancelEverythingIn(symbol, this.clock.now());
    await this.interleavings.run({ call: 'submitOrder', clientOrderId });
    this.catchUp();
    const position = this.book.position(symbol);
    if (!position) throw new NotFound(`No open position in ${symbol} at the broker.`);
    this.faults.beforeOrder(clientOrderId);
    const [order] = this.book.place(
      {
        symbol,
        side: closingSideOf(position),
        qty: Math.abs(position.qty),
        type: 'market',
        timeInForce: 'day',
        clientOrderId,
      },
      this.clock.now(),
    );
    this.faults.afterAccept(clientOrderId);
    return toBrokerOrder(order);
  }

  async latestPrices(symbols: readonly string[]): Promise<Map<string, Price>> {
    await this.beginCall('read', { call: 'latestPrices' });
    const prices = new Map<string, Price>();
    for (const symbol of symbols) {
      const price = this.feed.get(symbol);
      if (price) prices.set(symbol, price);
    }
    return prices;
  }

  async getClock(): Promise<MarketClock> {
    await this.beginCall('read', { call: 'getClock' });
    return marketClockAt(this.clock.now());
  }

  async getCalendar(from: string, to: string): Promise<MarketDay[]> {
    await this.beginCall('read', { call: 'getCalendar' });
    return sessionsBetween(from, to);
  }

  // ---------------------------------------------------------------- control (tests, demo)

  /** Sets the last price; working orders in the symbol are matched at once if the market is open. */
  setPrice(symbol: string, price: Price | string): void {
    this.catchUp();
    this.feed.set(symbol, price);
    this.book.matchSymbols([symbol], this.clock.now());
  }

  setPrices(prices: Record<string, Price | string>): void {
    for (const [symbol, price] of Object.entries(prices)) this.setPrice(symbol, price);
  }

  /** Prices `step` plays for the symbol, one per tick, after which it holds the last one. */
  scriptPrices(symbol: string, ticks: readonly (Price | string)[]): void {
    this.feed.script(symbol, ticks);
  }

  /** A seeded random walk in whole cents, one move per tick. */
  randomWalk(symbol: string, options: RandomWalkOptions): void {
    this.catchUp();
    this.feed.randomWalk(symbol, options);
    this.book.matchSymbols([symbol], this.clock.now());
  }

  /**
   * Moves every scripted or walking symbol `ticks` times at the current clock time; after each
   * tick the working orders in the moved symbols are matched (when the market is open).
   */
  step(ticks = 1): Map<string, Price> {
    for (let i = 0; i < ticks; i++) {
      this.catchUp();
      this.book.matchSymbols(this.feed.tick(), this.clock.now());
    }
    return this.feed.snapshot();
  }

  /** Catches up with the clock (opens, closes, expiries) without a port call. */
  process(): void {
    this.catchUp();
  }

  /**
   * Fills `qty` (default: all that remains) of a working order at `price` (default: its limit,
   * else the last price), whatever the market: the explicit way to script partial fills.
   */
  fill(orderId: string, qty?: number, price?: Price | string): BrokerOrder {
    this.catchUp();
    const order = this.book.find(orderId);
    if (!order) throw new Error(`No simulated order ${orderId}`);
    if (!isOpenStatus(order.status) || !order.active) throw new Error(`Order ${orderId} is ${order.status} and cannot fill`);
    const remaining = remainingQtyOf(order);
    const fillQty = qty ?? remaining;
    if (!Number.isInteger(fillQty) || fillQty <= 0 || fillQty > remaining) {
      throw new RangeError(`Cannot fill ${fillQty} of order ${orderId}: ${remaining} remain`);
    }
    const fillPrice = price !== undefined ? Price.of(price) : (order.limitPrice ?? this.feed.get(order.symbol));
    if (!fillPrice) throw new Error(`No price to fill order ${orderId} at: pass one or set a price for ${order.symbol}`);
    this.book.fill(order, fillQty, fillPrice, this.clock.now());
    return toBrokerOrder(order);
  }

  /** At most `qty` shares per order each time orders in the symbol are matched; undefined lifts it. */
  setLiquidity(symbol: string, qty: number | undefined): void {
    this.book.setLiquidity(symbol, qty);
  }

  /**
   * What a person does in the Alpaca dashboard: cancels the orders holding the shares and closes
   * the position with a market order the product did not place, filled at `price` (default: the
   * last price) whatever the session. Returns that order.
   */
  closePositionByHand(symbol: string, price?: Price | string): BrokerOrder {
    this.catchUp();
    const position = this.book.position(symbol);
    if (!position) throw new Error(`No simulated position in ${symbol} to close`);
    const fillPrice = price !== undefined ? Price.of(price) : this.feed.get(symbol);
    if (!fillPrice) throw new Error(`No price to close ${symbol} at: pass one or set a price`);
    return toBrokerOrder(this.book.closeByHand(position, fillPrice, this.clock.now()));
  }

  /**
   * A stock split, as Alpaca applies it overnight: `ratio` new shares per old one (2 for 2-for-1,
   * 0.1 for 1-for-10 reverse). Position quantity × ratio at the entry price ÷ ratio (cost unchanged),
   * last price ÷ ratio, and every open order in the symbol `replaced` by an adjusted one.
   */
  applySplit(symbol: string, ratio: string | number): void {
    this.catchUp();
    this.book.applySplit(symbol, splitRatioOf(ratio), this.clock.now());
  }

  /** Keeps every cancel `pending_cancel` (orders can still fill) until `confirmCancels`; false lets them go on. */
  holdCancels(held = true): void {
    this.cancels.hold(held);
  }

  /** The venue confirms every pending cancel now (an order that filled meanwhile stays filled). */
  confirmCancels(): void {
    this.catchUp();
    this.cancels.confirmAll(this.clock.now());
  }

  /**
   * Runs `hook` at the start of every port call from now on (interleavings.ts): what the venue
   * does between two of the product's calls. Returns the function that removes it.
   */
  interleave(hook: Interleaving): () => void {
    return this.interleavings.add(hook);
  }

  /**
   * Fills `qty` (default: all that remains) of a working order just before the next port call
   * `when` accepts (default: the very next call) reads anything: a fill between two reads.
   */
  fillBeforeNextCall(orderId: string, qty?: number, when: PortCall | ((moment: PortCallMoment) => boolean) = () => true, price?: Price | string): void {
    const accepts = typeof when === 'string' ? (moment: PortCallMoment) => moment.call === when : when;
    this.interleavings.once(() => {
      const order = this.book.find(orderId);
      if (order && isOpenStatus(order.status) && order.active && remainingQtyOf(order) > 0)
        this.fill(orderId, Math.min(qty ?? Infinity, remainingQtyOf(order)), price);
    }, accepts);
  }

  clearInterleavings(): void {
    this.interleavings.clear();
  }

  /**
   * The next order whose client_order_id starts with `clientOrderIdPrefix` is refused (a remedy the
   * broker will not take: 403 pattern-day-trading protection, buying power) or fails (429, 5xx),
   * whatever the calls before it; `times` orders in a row (default 1).
   */
  refuseNextOrder(clientOrderIdPrefix: string, answer: OrderRefusal['answer'], times = 1): void {
    this.faults.refuseNextOrder(clientOrderIdPrefix, answer, times);
  }

  /** The next order-creating call is refused as Alpaca refuses for `reason`. */
  rejectNext(reason: RejectionReason, message?: string): void {
    this.faults.rejectNext(reason, message);
  }

  /** The next `calls` calls of any kind are rate limited (Transient with retryAfterMs). */
  rateLimitNext(calls: number, retryAfterMs = 0): void {
    this.faults.rateLimit(calls, retryAfterMs);
  }

  /** The next `calls` calls of any kind fail with Transient, as in an outage. */
  failNext(calls: number): void {
    this.faults.failNext(calls);
  }

  /** The next `calls` cancel requests fail (HTTP 503); the orders stay as they are. */
  failNextCancels(calls: number): void {
    this.faults.failNextCancels(calls);
  }

  /** The next order-creating call creates its order, then throws Ambiguous. */
  timeoutAfterAcceptNext(): void {
    this.faults.timeoutAfterAcceptNext();
  }

  /** Lifts every armed fault and interleaving: what a clean run sees. */
  clearFaults(): void {
    this.faults.clear();
    this.interleavings.clear();
  }

  cashBalance(): Money {
    return this.book.cashBalance();
  }

  setCash(amount: string | number): void {
    this.book.setCash(Money.of(amount));
  }

  /** An order as it stands, without a port call (no faults, no catching up with the clock). */
  peekOrder(orderId: string): BrokerOrder | undefined {
    const order = this.book.find(orderId);
    return order && toBrokerOrder(order);
  }

  /** Every order with its legs, without a port call (the loopback server's trade_updates feed). */
  peekOrders(): BrokerOrder[] {
    return this.book
      .topLevelOrders()
      .flatMap((top) => [top, ...this.book.legsOf(top.id)])
      .map(toBrokerOrder);
  }

  /** Each order's id and a mark that changes when its status or fills do (the loopback feed's cheap look). */
  peekOrderMarks(settled?: ReadonlySet<string>): Array<[id: string, mark: string]> {
    return this.book.orderMarks(settled);
  }

  /** The legs of a complex order, without a port call. */
  peekLegs(parentId: string): BrokerOrder[] {
    return this.book.legsOf(parentId).map(toBrokerOrder);
  }

  // ---------------------------------------------------------------- state

  toState(): SimulatedBrokerState {
    const contents = this.book.contents();
    return {
      version: 1,
      nextId: contents.nextId,
      lastProcessedAt: this.lastProcessedAt.toISOString(),
      cash: contents.cash.toString(),
      orders: contents.orders.map(orderToState),
      positions: contents.positions.map(positionToState),
      feed: this.feed.toState(),
      liquidity: contents.liquidity,
      faults: this.faults.toState(),
    };
  }

  static fromState(state: SimulatedBrokerState, options: SimulatedBrokerOptions): SimulatedBroker {
    return new SimulatedBroker(options, state);
  }

  save(path: string): void {
    writeStateFile(path, this.toState());
  }

  /** The account saved at `options.stateFile`, or a fresh one when there is no file yet. */
  static open(options: SimulatedBrokerOptions & { stateFile: string }): SimulatedBroker {
    return new SimulatedBroker(options, readStateFile(options.stateFile));
  }

  /** Writes the account to its state file. */
  async persist(): Promise<void> {
    if (!this.stateFile) throw new Error('This simulated broker has no state file: pass stateFile, or call save(path).');
    this.save(this.stateFile);
  }

  // ---------------------------------------------------------------- internals

  private async beginCall(kind: CallKind, moment: PortCallMoment): Promise<void> {
    this.catchUp();
    this.cancels.onCall(this.clock.now());
    await this.interleavings.run(moment);
    this.catchUp();
    this.faults.beforeCall(kind);
    if (moment.clientOrderId && moment.call !== 'closePosition') this.faults.beforeOrder(moment.clientOrderId);
  }

  private findOrder(orderId: string): SimOrder {
    const order = this.book.find(orderId);
    if (!order) throw new NotFound(`No order with id ${orderId} at the broker.`);
    return order;
  }

  /** Replays the session opens and closes since the last call, oldest first. */
  private catchUp(): void {
    const now = this.clock.now();
    if (now <= this.lastProcessedAt) return;
    for (const session of sessionsTouching(this.lastProcessedAt, now)) {
      if (session.open > this.lastProcessedAt && session.open <= now) this.book.openSession(session.open);
      if (session.close > this.lastProcessedAt && session.close <= now) this.book.closeSession(session.close);
    }
    this.lastProcessedAt = now;
  }
}
