import { Money, type Price } from '@trading-monitor/domain';
import type { ReplaceOrderRequest } from '../broker';
import { ALPACA_REFUSALS, rejected } from '../alpaca/alpaca-refusals';
import { replacementClientOrderId } from '../client-order-id';
import { nextSessionClosingAfter, sessionAt } from './market-calendar';
import { executionAt } from './matching';
import { validateOrderSpec, type SimOrderSpec } from './order-spec';
import { closingSideOf, positionAfterFill, reduces, reservedQty, type SimPosition } from './positions';
import type { PriceFeed } from './price-feed';
import { simulatedId } from './sim-ids';
import { isOpenStatus, remainingQtyOf, type SimOrder } from './sim-order';
import { splitEntryPrice, splitOrderPrice, splitQty, type SplitRatio } from './corporate-actions';
import { stopRefusal } from './stop-validation';
import { washTradeConflict } from './wash-trade';

// A fill can activate bracket legs that are marketable at once; this bounds the cascade.
const MAX_MATCHING_ROUNDS = 10;

export interface OrderBookContents {
  cash: Money;
  nextId: number;
  orders: SimOrder[];
  positions: SimPosition[];
  liquidity: Record<string, number>;
}

/**
 * The simulated account: its orders, positions and cash, and everything Alpaca does to them:
 * the checks before an order is accepted (tick size, duplicate client_order_id, reserved quantity,
 * wash trades, buying power), matching against the last prices, OCO and bracket legs, cancels,
 * replaces, and what happens at a session's open and close. Time is always passed in.
 */
export class OrderBook {
  private readonly orders = new Map<string, SimOrder>();
  private readonly byClientId = new Map<string, SimOrder>();
  // Every check before an order is accepted looks at one symbol: an index keeps a large book cheap.
  private readonly bySymbol = new Map<string, SimOrder[]>();
  // Buying power tied up in open orders, kept while orders are only added; anything else that can
  // change it (fills, cancels, expiries, replaces, price moves) drops it for a recount.
  private committedCache: Money | null = null;
  private readonly positions = new Map<string, SimPosition>();
  private readonly liquidity = new Map<string, number>();
  private cash: Money;
  private nextId: number;

  constructor(
    private readonly feed: PriceFeed,
    contents: OrderBookContents,
  ) {
    this.cash = contents.cash;
    this.nextId = contents.nextId;
    for (const order of contents.orders) this.register(order);
    for (const position of contents.positions) this.positions.set(position.symbol, position);
    for (const [symbol, qty] of Object.entries(contents.liquidity)) this.liquidity.set(symbol, qty);
  }

  contents(): OrderBookContents {
    return {
      cash: this.cash,
      nextId: this.nextId,
      orders: [...this.orders.values()],
      positions: [...this.positions.values()],
      liquidity: Object.fromEntries(this.liquidity),
    };
  }

  // ---------------------------------------------------------------- reading

  find(orderId: string): SimOrder | undefined {
    return this.orders.get(orderId);
  }

  findByClientId(clientOrderId: string): SimOrder | undefined {
    return this.byClientId.get(clientOrderId);
  }

  position(symbol: string): SimPosition | undefined {
    return this.positions.get(symbol);
  }

  allPositions(): SimPosition[] {
    return [...this.positions.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  cashBalance(): Money {
    return this.cash;
  }

  setCash(amount: Money): void {
    this.cash = amount;
  }

  /** At most `qty` shares per order each time the symbol is matched; undefined lifts the cap. */
  setLiquidity(symbol: string, qty: number | undefined): void {
    if (qty === undefined) this.liquidity.delete(symbol);
    else if (!Number.isInteger(qty) || qty < 1) throw new RangeError('Liquidity is a whole number of shares, at least 1');
    else this.liquidity.set(symbol, qty);
  }

  openOrders(): SimOrder[] {
    return [...this.orders.values()].filter((order) => isOpenStatus(order.status)).sort(bySubmission);
  }

  /** Orders that are not legs, oldest first. */
  topLevelOrders(): SimOrder[] {
    return [...this.orders.values()].filter((order) => order.parentId === null).sort(bySubmission);
  }

  legsOf(parentId: string): SimOrder[] {
    return [...this.orders.values()].filter((order) => order.parentId === parentId).sort(bySubmission);
  }

  /**
   * Every order (legs included) in the order it was placed, with what a trade_updates event reports
   * of it (status, filled shares): the loopback feed compares these between looks and converts only
   * the orders that changed, so a look costs O(orders) rather than a full copy of the book.
   * `settled`: orders the caller knows have ended (they change no more), left out.
   */
  orderMarks(settled?: ReadonlySet<string>): Array<[id: string, mark: string]> {
    const marks: Array<[id: string, mark: string]> = [];
    for (const order of this.orders.values()) if (!settled?.has(order.id)) marks.push([order.id, `${order.status}|${order.fills.length}`]);
    return marks;
  }

  newId(): string {
    return simulatedId(this.nextId++);
  }

  // ---------------------------------------------------------------- changing

  /** Fills part or all of a working order at a price, with everything a fill sets off. */
  fill(order: SimOrder, qty: number, price: Price, at: Date): void {
    const activated = this.applyFill(order, qty, price, at);
    if (sessionAt(at)) this.runMatching(activated, at);
  }

  /** A market order nobody sent through the API, filled at once: a close in the dashboard. */
  closeByHand(position: SimPosition, price: Price, at: Date): SimOrder {
    this.cancelEverythingIn(position.symbol, at);
    const id = this.newId();
    const order: SimOrder = {
      ...this.blankOrder(id, this.newId(), at),
      symbol: position.symbol,
      side: closingSideOf(position),
      qty: Math.abs(position.qty),
      type: 'market',
      timeInForce: 'day',
      status: 'new',
    };
    this.register(order);
    this.applyFill(order, order.qty, price, at);
    return order;
  }

  private register(order: SimOrder): void {
    this.orders.set(order.id, order);
    this.byClientId.set(order.clientOrderId, order);
    const inSymbol = this.bySymbol.get(order.symbol);
    if (inSymbol) inSymbol.push(order);
    else this.bySymbol.set(order.symbol, [order]);
    if (this.committedCache) this.committedCache = this.committedCache.plus(this.commitmentOf(order));
  }

  private ordersIn(symbol: string): SimOrder[] {
    return this.bySymbol.get(symbol) ?? [];
  }

  private openOrdersIn(symbol: string): SimOrder[] {
    return this.ordersIn(symbol)
      .filter((order) => isOpenStatus(order.status))
      .sort(bySubmission);
  }

  /** Cash an open order ties up: buys and short sales that would add to a position. */
  private commitmentOf(order: SimOrder): Money {
    if (!isOpenStatus(order.status) || !order.active || reduces(this.positions.get(order.symbol), order.side)) return Money.ZERO;
    const orderPrice = order.limitPrice ?? order.stopPrice ?? this.feed.get(order.symbol);
    return orderPrice ? orderPrice.times(remainingQtyOf(order)) : Money.ZERO;
  }

  private committed(): Money {
    this.committedCache ??= Money.sum(this.openOrders().map((order) => this.commitmentOf(order)));
    return this.committedCache;
  }

  private recountCommitted(): void {
    this.committedCache = null;
  }

  private blankOrder(id: string, clientOrderId: string, now: Date): Omit<SimOrder, 'symbol' | 'side' | 'qty' | 'type' | 'timeInForce' | 'status'> {
    return {
      id,
      clientOrderId,
      orderClass: 'simple',
      role: 'single',
      limitPrice: null,
      stopPrice: null,
      active: true,
      ...unstarted(now),
      expiresAt: null,
      parentId: null,
      groupId: id,
      replacedBy: null,
      replaces: null,
    };
  }

  /** Checks an order as Alpaca does, creates it (with its legs) and matches it if the market is open. */
  place(spec: SimOrderSpec, now: Date): SimOrder[] {
    validateOrderSpec(spec);
    if (this.byClientId.has(spec.clientOrderId)) throw rejected(ALPACA_REFUSALS.duplicateClientOrderId());
    const orderClass = spec.orderClass ?? 'simple';
    const position = this.positions.get(spec.symbol);
    if (orderClass === 'oco' || reduces(position, spec.side)) {
      const held = reduces(position, spec.side) ? Math.abs(position.qty) : 0;
      const available = Math.max(0, held - reservedQty(this.ordersIn(spec.symbol), spec.symbol, spec.side));
      if (spec.qty > available) throw rejected(ALPACA_REFUSALS.insufficientQty(spec.qty, available));
    } else {
      this.checkBuyingPower(spec);
    }
    const limitPrice = orderClass === 'oco' ? spec.takeProfit?.limitPrice : spec.limitPrice;
    const conflict = washTradeConflict({ ...spec, orderClass, limitPrice: limitPrice ?? null }, this.openOrdersIn(spec.symbol));
    if (conflict) throw rejected(ALPACA_REFUSALS.washTrade());
    const throughStop = stopRefusal(spec, this.feed.get(spec.symbol));
    if (throughStop) throw rejected(throughStop);

    const status = sessionAt(now) ? 'new' : 'accepted';
    const expiresAt = spec.timeInForce === 'day' ? nextSessionClosingAfter(now).close : null;
    const parentId = this.newId();
    const common = { symbol: spec.symbol, qty: spec.qty, timeInForce: spec.timeInForce, expiresAt, orderClass };
    const parent: SimOrder = {
      ...this.blankOrder(parentId, spec.clientOrderId, now),
      ...common,
      side: spec.side,
      type: spec.type,
      role: orderClass === 'simple' ? 'single' : orderClass === 'oco' ? 'take_profit' : 'entry',
      limitPrice: limitPrice ?? null,
      stopPrice: spec.stopPrice ?? null,
      status,
    };
    const created = [parent];
    if (orderClass !== 'simple') {
      const legSide = orderClass === 'oco' ? spec.side : spec.side === 'buy' ? 'sell' : 'buy';
      const leg = (role: 'take_profit' | 'stop_loss'): SimOrder => ({
        ...this.blankOrder(this.newId(), this.newId(), now),
        ...common,
        side: legSide,
        type: role === 'take_profit' ? 'limit' : 'stop',
        role,
        limitPrice: role === 'take_profit' ? (spec.takeProfit?.limitPrice ?? null) : null,
        stopPrice: role === 'stop_loss' ? (spec.stopLoss?.stopPrice ?? null) : null,
        // Alpaca shows an exit leg as `held` until it works; an OCO's stop is held yet working.
        status: 'held',
        active: orderClass === 'oco',
        parentId,
        groupId: parentId,
      });
      if (orderClass !== 'oco' && spec.takeProfit) created.push(leg('take_profit'));
      if (spec.stopLoss) created.push(leg('stop_loss'));
    }
    for (const order of created) this.register(order);
    if (status === 'new') this.runMatching(created, now);
    return created;
  }

  private checkBuyingPower(spec: SimOrderSpec): void {
    const price = spec.limitPrice ?? spec.stopPrice ?? this.feed.get(spec.symbol);
    if (!price) return;
    if (price.times(spec.qty).compare(this.cash.minus(this.committed())) > 0) throw rejected(ALPACA_REFUSALS.insufficientBuyingPower());
  }

  replace(old: SimOrder, changes: ReplaceOrderRequest, now: Date): SimOrder {
    if (!isOpenStatus(old.status)) throw rejected(ALPACA_REFUSALS.notCancelable(old.status));
    if (old.status === 'accepted' || old.status === 'pending_new' || old.status === 'pending_cancel' || old.status === 'pending_replace') {
      throw rejected(ALPACA_REFUSALS.invalid(`order is not replaceable while in "${old.status}" state`));
    }
    const qty = changes.qty ?? remainingQtyOf(old);
    const spec: SimOrderSpec = {
      symbol: old.symbol,
      side: old.side,
      qty,
      type: old.type,
      limitPrice: changes.limitPrice ?? old.limitPrice ?? undefined,
      stopPrice: changes.stopPrice ?? old.stopPrice ?? undefined,
      timeInForce: changes.timeInForce ?? old.timeInForce,
      clientOrderId: changes.clientOrderId ?? replacementClientOrderId(old.id),
    };
    validateOrderSpec(spec);
    if (this.byClientId.has(spec.clientOrderId)) throw rejected(ALPACA_REFUSALS.duplicateClientOrderId());
    const position = this.positions.get(old.symbol);
    if (old.active && reduces(position, old.side)) {
      // The replacement takes the old order's place in its group, which counts once.
      const available = Math.max(0, Math.abs(position.qty) - reservedQty(this.ordersIn(old.symbol), old.symbol, old.side, old.groupId));
      if (qty > available) throw rejected(ALPACA_REFUSALS.insufficientQty(qty, available));
    }
    const conflict = washTradeConflict(
      { ...spec, orderClass: old.orderClass, limitPrice: spec.limitPrice ?? null, groupId: old.groupId },
      this.openOrdersIn(old.symbol),
    );
    if (conflict) throw rejected(ALPACA_REFUSALS.washTrade());
    const throughStop = old.active ? stopRefusal(spec, this.feed.get(old.symbol)) : null;
    if (throughStop) throw rejected(throughStop);

    const replacement: SimOrder = {
      ...old,
      id: this.newId(),
      clientOrderId: spec.clientOrderId,
      qty,
      limitPrice: spec.limitPrice ?? null,
      stopPrice: spec.stopPrice ?? null,
      timeInForce: spec.timeInForce,
      status: old.status === 'held' ? 'held' : 'new',
      ...unstarted(now),
      expiresAt: spec.timeInForce === 'day' ? nextSessionClosingAfter(now).close : null,
      replaces: old.id,
      replacedBy: null,
    };
    if (old.groupId === old.id) replacement.groupId = replacement.id;
    for (const member of this.orders.values()) {
      if (member.parentId === old.id) member.parentId = replacement.id;
      if (member.groupId === old.id && member !== old) member.groupId = replacement.groupId;
    }
    old.status = 'replaced';
    old.replacedBy = replacement.id;
    old.updatedAt = now;
    this.recountCommitted();
    this.register(replacement);
    if (sessionAt(now)) this.runMatching([replacement], now);
    return replacement;
  }

  /**
   * A split (corporate-actions.ts): the position's quantity times the ratio, its entry price divided
   * (a reverse split's fraction of a share paid in cash), the last price divided, and every open
   * order in the symbol replaced by an adjusted one under a new id and a broker-made client_order_id.
   */
  applySplit(symbol: string, split: SplitRatio, at: Date): void {
    this.recountCommitted();
    const position = this.positions.get(symbol);
    const market = this.feed.get(symbol);
    if (position) {
      const sign = Math.sign(position.qty);
      const { qty, fraction } = splitQty(Math.abs(position.qty), split);
      const avgEntryPrice = splitEntryPrice(position.avgEntryPrice, split);
      if (market && !fraction.isZero()) this.cash = this.cash.plus(fraction.times(splitEntryPrice(market, split).decimal).times(sign));
      if (qty === 0) this.positions.delete(symbol);
      else this.positions.set(symbol, { symbol, qty: sign * qty, avgEntryPrice });
    }
    if (market) this.feed.set(symbol, splitOrderPrice(market, split));
    for (const old of this.openOrdersIn(symbol)) {
      const { qty } = splitQty(remainingQtyOf(old), split);
      if (qty === 0) {
        this.end(old, 'canceled', at);
        continue;
      }
      const id = this.newId();
      const replacement: SimOrder = {
        ...old,
        id,
        clientOrderId: this.newId(),
        qty,
        // A fresh order: what the old one filled stays with it.
        status: old.status === 'partially_filled' ? 'new' : old.status,
        limitPrice: old.limitPrice && splitOrderPrice(old.limitPrice, split),
        stopPrice: old.stopPrice && splitOrderPrice(old.stopPrice, split),
        fills: [],
        submittedAt: at,
        updatedAt: at,
        filledAt: null,
        replaces: old.id,
        replacedBy: null,
      };
      if (old.groupId === old.id) replacement.groupId = id;
      for (const member of this.orders.values()) {
        if (member.parentId === old.id) member.parentId = id;
        if (member.groupId === old.id && member !== old) member.groupId = replacement.groupId;
      }
      old.status = 'replaced';
      old.replacedBy = id;
      old.updatedAt = at;
      this.register(replacement);
    }
  }

  /**
   * A cancel accepted but not yet confirmed by the venue: the order (and an exit leg's siblings, as
   * `cancel` would take them) reads `pending_cancel` and can still fill. Returns the orders marked.
   */
  requestCancel(order: SimOrder, at: Date): SimOrder[] {
    const members =
      order.role === 'single' || order.role === 'entry'
        ? [order]
        : [...this.orders.values()].filter((m) => m.groupId === order.groupId && m.role !== 'entry' && isOpenStatus(m.status));
    for (const member of members) {
      member.status = 'pending_cancel';
      member.updatedAt = at;
    }
    return members;
  }

  /** Cancels an order as Alpaca does: one leg of an OCO or bracket exit takes its sibling with it. */
  cancel(order: SimOrder, at: Date): void {
    if (order.role === 'single') {
      this.end(order, 'canceled', at);
      return;
    }
    if (order.role === 'entry') {
      this.end(order, 'canceled', at);
      return;
    }
    for (const member of this.orders.values()) {
      if (member.groupId === order.groupId && member.role !== 'entry' && isOpenStatus(member.status)) this.end(member, 'canceled', at);
    }
  }

  cancelEverythingIn(symbol: string, at: Date): void {
    for (let round = 0; round < MAX_MATCHING_ROUNDS; round++) {
      const open = this.openOrdersIn(symbol);
      if (open.length === 0) return;
      for (const order of open) if (isOpenStatus(order.status)) this.cancel(order, at);
    }
  }

  /** Ends an open order; an entry that ends takes its waiting legs along (or arms them for what filled). */
  private end(order: SimOrder, status: 'canceled' | 'expired', at: Date): void {
    this.recountCommitted();
    order.status = status;
    order.updatedAt = at;
    if (status === 'canceled') order.canceledAt = at;
    else order.expiredAt = at;
    if (order.role !== 'entry') return;
    const filled = order.qty - remainingQtyOf(order);
    if (filled > 0) {
      this.activateLegs(order, filled, at);
      return;
    }
    for (const leg of this.legsOf(order.id)) if (isOpenStatus(leg.status)) this.end(leg, 'canceled', at);
  }

  private activateLegs(entry: SimOrder, qty: number, at: Date): SimOrder[] {
    const legs = this.legsOf(entry.id).filter((leg) => isOpenStatus(leg.status) && !leg.active);
    if (legs.length > 0) this.recountCommitted();
    for (const leg of legs) {
      leg.active = true;
      leg.qty = qty;
      leg.status = leg.role === 'take_profit' ? 'new' : 'held';
      leg.updatedAt = at;
    }
    return legs;
  }

  /** Records a fill: order, position, cash, and what the fill does to the rest of a complex order. */
  private applyFill(order: SimOrder, qty: number, price: Price, at: Date): SimOrder[] {
    this.recountCommitted();
    order.fills.push({ qty, price, at });
    const done = remainingQtyOf(order) === 0;
    // A partial fill while a cancel is pending leaves it pending: the venue has not confirmed yet.
    order.status = done ? 'filled' : order.status === 'pending_cancel' ? 'pending_cancel' : 'partially_filled';
    order.updatedAt = at;
    if (done) order.filledAt = at;

    const position = positionAfterFill(this.positions.get(order.symbol), order.symbol, order.side, qty, price);
    if (position) this.positions.set(order.symbol, position);
    else this.positions.delete(order.symbol);
    const notional = price.times(qty);
    this.cash = order.side === 'buy' ? this.cash.minus(notional) : this.cash.plus(notional);

    // One fill of an exit leg cancels the other leg (OCO, bracket exits).
    if (order.role === 'take_profit' || order.role === 'stop_loss') {
      for (const sibling of this.orders.values()) {
        if (sibling.groupId !== order.groupId || sibling === order || sibling.role === 'entry') continue;
        if (isOpenStatus(sibling.status)) this.end(sibling, 'canceled', at);
      }
    }
    return order.role === 'entry' && done ? this.activateLegs(order, order.qty, at) : [];
  }

  matchSymbols(symbols: readonly string[], now: Date): void {
    this.recountCommitted(); // prices moved: market orders tie up a different amount
    if (symbols.length === 0 || !sessionAt(now)) return;
    this.runMatching(
      symbols.flatMap((symbol) => this.openOrdersIn(symbol)),
      now,
    );
  }

  /** Matches the given orders at the current prices, then whatever their fills brought to life. */
  private runMatching(orders: readonly SimOrder[], at: Date): void {
    let round = [...orders];
    for (let i = 0; i < MAX_MATCHING_ROUNDS && round.length > 0; i++) {
      const activated: SimOrder[] = [];
      for (const order of round) activated.push(...this.matchOrder(order, at));
      round = activated;
    }
  }

  private matchOrder(order: SimOrder, at: Date): SimOrder[] {
    if (!isOpenStatus(order.status) || !order.active || order.status === 'accepted') return [];
    const market = this.feed.get(order.symbol);
    if (!market) return [];
    const execution = executionAt(order, market);
    if (!execution) return [];
    if (execution.triggers) order.triggered = true;
    const cap = this.liquidity.get(order.symbol);
    const qty = Math.min(remainingQtyOf(order), cap ?? Infinity);
    return qty > 0 ? this.applyFill(order, qty, execution.price, at) : [];
  }

  /** Orders received while closed start working; everything is matched at the prices of the open. */
  openSession(at: Date): void {
    const open = this.openOrders();
    for (const order of open) {
      if (order.status !== 'accepted') continue;
      order.status = 'new';
      order.updatedAt = at;
    }
    this.runMatching(open, at);
  }

  /** `day` orders still open at the close expire; what they filled stays filled. */
  closeSession(at: Date): void {
    for (const order of this.openOrders()) {
      if (order.expiresAt && order.expiresAt <= at && isOpenStatus(order.status)) this.end(order, 'expired', at);
    }
  }
}

function bySubmission(a: SimOrder, b: SimOrder): number {
  return a.submittedAt.getTime() - b.submittedAt.getTime() || a.id.localeCompare(b.id);
}

/** A new order's lifecycle at the venue, a replacement's included: not triggered, nothing filled or ended yet. */
function unstarted(now: Date): Pick<SimOrder, 'triggered' | 'fills' | 'submittedAt' | 'updatedAt' | 'filledAt' | 'canceledAt' | 'expiredAt'> {
  return { triggered: false, fills: [], submittedAt: now, updatedAt: now, filledAt: null, canceledAt: null, expiredAt: null };
}
