import { DEFAULT_RATE_LIMIT, OrdersApi, marketData, trading } from '@alpacahq/alpaca-trade-api/rest';
import { ConfigError } from '@trading-monitor/config';
import { Price, journalStatusOf } from '@trading-monitor/domain';
import { randomUUID } from 'node:crypto';
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
import { Rejected, Transient } from '../broker-errors';
import { replacementClientOrderId } from '../client-order-id';
import { addDays, assertIsoDate, newYorkTime } from '../new-york-time';
import { UnexpectedBrokerResponse } from '../unexpected-broker-response';
import { alpacaEndpoints } from './alpaca-endpoints';
import { toBrokerError, type AlpacaCallContext } from './alpaca-error-mapping';
import { brokerOrderFromAlpaca, brokerPositionFromAlpaca, flattenAlpacaOrder } from './alpaca-order-mapping';
import { ALPACA_REFUSALS, rejected } from './alpaca-refusals';

export interface AlpacaBrokerOptions {
  keyId: string;
  secretKey: string;
  /** Paper host unless false (live needs ALLOW_LIVE_TRADING=yes, checked by loadConfig). */
  paper: boolean;
  tradingUrl?: string;
  dataUrl?: string;
  /** Deadline per request attempt; the SDK's default is 30 s. */
  timeoutMs?: number;
  /** Retries of reads (GET) only: the SDK never replays a POST, PATCH or DELETE. Default 2. */
  retry?: { maxRetries?: number; retryDelayMs?: number; maxDelayMs?: number } | false;
  /** The SDK's client-side limiter; default ~200 requests a minute per host, Alpaca's allowance. */
  rateLimit?: { maxRequests?: number; intervalMs?: number; maxConcurrent?: number } | false;
  /** Orders per page when listing; Alpaca's maximum (500) by default. */
  pageSize?: number;
  /** For tests: the fetch the SDK uses. */
  fetchApi?: (url: string, init: RequestInit) => Promise<Response>;
  /** The client_order_id of a close when the caller gives none. */
  newClientOrderId?: () => string;
  /** Between checks that cancels went through before a close; default 200 ms, 10 checks. */
  cancelPollMs?: number;
}

const ALPACA_MAX_PAGE = 500;
const CANCEL_CHECKS = 10;

/**
 * The Broker port on Alpaca's Trading and Market Data APIs (SDK v4). Every order carries a
 * client_order_id; a submit is sent once (the SDK retries only GETs) and a lost answer is
 * `Ambiguous`; the SDK's rate limiter is on; wire decimals become `Price`; every status is checked
 * against Alpaca's list. Credentials live in private fields and are masked out of every message.
 */
export class AlpacaBroker implements Broker {
  readonly kind = 'alpaca' as const;
  readonly paper: boolean;
  readonly tradingUrl: string;
  readonly dataUrl: string;
  readonly #orders: OrdersApi;
  readonly #positions: trading.PositionsApi;
  readonly #clock: trading.ClockApi;
  readonly #calendar: trading.CalendarApi;
  readonly #stocks: marketData.StockApi;
  readonly #secrets: readonly string[];
  readonly #pageSize: number;
  readonly #newClientOrderId: () => string;
  readonly #cancelPollMs: number;

  constructor(options: AlpacaBrokerOptions) {
    if (!options.keyId || !options.secretKey) {
      throw new ConfigError(['ALPACA_API_KEY and ALPACA_SECRET_KEY are both required for the Alpaca broker']);
    }
    const endpoints = alpacaEndpoints(options);
    this.paper = options.paper;
    this.tradingUrl = endpoints.tradingUrl;
    this.dataUrl = endpoints.dataUrl;
    const shared: trading.ConfigurationParameters = {
      keyId: options.keyId,
      secret: options.secretKey,
      timeoutMs: options.timeoutMs,
      fetchApi: options.fetchApi,
      retry: options.retry === false ? undefined : { maxRetries: 2, ...options.retry },
      rateLimit: options.rateLimit === false ? undefined : { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
    };
    const tradingConfig = new trading.Configuration({ ...shared, paper: options.paper, basePath: endpoints.tradingUrl });
    const dataConfig = new marketData.Configuration({ ...shared, basePath: endpoints.dataUrl });
    this.#orders = new OrdersApi(tradingConfig);
    this.#positions = new trading.PositionsApi(tradingConfig);
    this.#clock = new trading.ClockApi(tradingConfig);
    this.#calendar = new trading.CalendarApi(tradingConfig);
    this.#stocks = new marketData.StockApi(dataConfig);
    this.#secrets = [options.keyId, options.secretKey];
    this.#pageSize = Math.min(options.pageSize ?? ALPACA_MAX_PAGE, ALPACA_MAX_PAGE);
    this.#newClientOrderId = options.newClientOrderId ?? randomUUID;
    this.#cancelPollMs = options.cancelPollMs ?? 200;
  }

  async submitEntry(request: EntryOrderRequest): Promise<BrokerOrder> {
    const common = orderBasics(request);
    if (request.type === 'limit' && !request.limitPrice) throw rejected(ALPACA_REFUSALS.invalid('limit_price is required for limit orders'));
    const limitPrice = request.type === 'limit' ? request.limitPrice?.toString() : undefined;
    const attached = request.attached;
    const order = await this.#create(request.clientOrderId, `submitting entry ${request.clientOrderId}`, () => {
      if (attached?.takeProfitPrice) {
        return this.#orders.bracket({
          ...common,
          limitPrice,
          takeProfit: { limitPrice: attached.takeProfitPrice.toString() },
          stopLoss: { stopPrice: attached.stopPrice.toString() },
        });
      }
      if (attached) return this.#orders.oto({ ...common, limitPrice, stopLoss: { stopPrice: attached.stopPrice.toString() } });
      if (limitPrice) return this.#orders.limit({ ...common, limitPrice });
      return this.#orders.market(common);
    });
    return brokerOrderFromAlpaca(order);
  }

  async submitProtection(request: ProtectionOrderRequest): Promise<BrokerOrder[]> {
    const common = orderBasics(request);
    const order = await this.#create(request.clientOrderId, `submitting protection ${request.clientOrderId}`, () =>
      request.kind === 'stop'
        ? this.#orders.stop({ ...common, stopPrice: request.stopPrice.toString() })
        : this.#orders.oco({
            ...common,
            takeProfit: { limitPrice: request.takeProfitPrice.toString() },
            stopLoss: { stopPrice: request.stopPrice.toString() },
          }),
    );
    return flattenAlpacaOrder(order);
  }

  async cancelOrder(orderId: string): Promise<void> {
    await this.#call({ kind: 'cancel', action: `cancelling order ${orderId}` }, async () => {
      // The SDK's deleteOrderByOrderID never releases the 204 response, which leaves its request
      // deadline timer running (up to timeoutMs) and keeps a CLI process alive; value() releases it.
      const response = await this.#orders.deleteOrderByOrderIDRaw({ orderId });
      await response.value();
    });
  }

  async replaceOrder(orderId: string, changes: ReplaceOrderRequest): Promise<BrokerOrder> {
    const clientOrderId = changes.clientOrderId ?? replacementClientOrderId(orderId);
    const order = await this.#create(clientOrderId, `replacing order ${orderId}`, () =>
      this.#orders.patchOrderByOrderId({
        orderId,
        patchOrderRequest: {
          qty: changes.qty === undefined ? undefined : String(changes.qty),
          limitPrice: changes.limitPrice?.toString(),
          stopPrice: changes.stopPrice?.toString(),
          timeInForce: changes.timeInForce,
          clientOrderId,
        },
      }),
    );
    return brokerOrderFromAlpaca(order);
  }

  async getOrder(orderId: string): Promise<BrokerOrder> {
    const order = await this.#call({ kind: 'read', action: `getting order ${orderId}` }, () => this.#orders.getOrderByOrderID({ orderId, nested: true }));
    return brokerOrderFromAlpaca(order);
  }

  async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder> {
    const order = await this.#call({ kind: 'read', action: `getting order ${clientOrderId}` }, () => this.#orders.getOrderByClientOrderId({ clientOrderId }));
    return brokerOrderFromAlpaca(order);
  }

  async listOrders(query: ListOrdersQuery): Promise<BrokerOrder[]> {
    const seen = new Set<string>();
    const listed: BrokerOrder[] = [];
    let after = query.after;
    for (;;) {
      const page = await this.#call({ kind: 'read', action: 'listing orders' }, () =>
        this.#orders.getAllOrders({
          status: query.status,
          limit: this.#pageSize,
          after: after?.toISOString(),
          direction: 'asc',
          nested: true,
          symbols: query.symbols && query.symbols.length > 0 ? [...query.symbols] : undefined,
        }),
      );
      let fresh = 0;
      for (const order of page) {
        const flat = flattenAlpacaOrder(order);
        if (seen.has(flat[0].id)) continue;
        seen.add(flat[0].id);
        fresh++;
        // With nested=true a parent comes with all its legs; keep those in the asked-for state.
        listed.push(...flat.filter((o) => query.status === 'all' || (query.status === 'open') === !journalStatusOf(o.status).terminal));
      }
      if (page.length < this.#pageSize) return listed;
      if (fresh === 0) {
        throw new UnexpectedBrokerResponse(`More than ${this.#pageSize} orders share one submission time; cannot page past ${after?.toISOString()}`);
      }
      // `after` is exclusive and orders can share a millisecond: step back one and skip what was seen.
      const last = brokerOrderFromAlpaca(page[page.length - 1]);
      after = new Date(last.submittedAt.getTime() - 1);
    }
  }

  async listPositions(): Promise<BrokerPosition[]> {
    const positions = await this.#call({ kind: 'read', action: 'listing positions' }, () => this.#positions.getAllOpenPositions());
    return positions.map(brokerPositionFromAlpaca);
  }

  /**
   * Cancels the symbol's open orders (they hold the shares), waits until Alpaca reports them
   * closed, then sends a market order for the whole position with a client_order_id: Alpaca's
   * own DELETE /v2/positions would place an order without one.
   */
  async closePosition(symbol: string, options: ClosePositionOptions = {}): Promise<BrokerOrder> {
    const clientOrderId = options.clientOrderId ?? this.#newClientOrderId();
    const position = brokerPositionFromAlpaca(
      await this.#call({ kind: 'read', action: `reading the ${symbol} position` }, () => this.#positions.getOpenPosition({ symbolOrAssetId: symbol })),
    );
    const open = await this.listOrders({ status: 'open', symbols: [symbol] });
    const openIds = new Set(open.map((o) => o.id));
    // Cancelling a complex order's parent takes its legs along.
    for (const order of open.filter((o) => o.parentId === null || !openIds.has(o.parentId))) {
      try {
        await this.cancelOrder(order.id);
      } catch (error) {
        if (!(error instanceof Rejected && error.reason === 'not_cancelable')) throw error;
      }
    }
    await this.#waitUntilClosed(open.map((o) => o.id));
    const order = await this.#create(clientOrderId, `closing the ${symbol} position`, () =>
      this.#orders.market({
        symbol,
        side: position.qty > 0 ? 'sell' : 'buy',
        qty: String(Math.abs(position.qty)),
        timeInForce: 'day',
        clientOrderId,
      }),
    );
    return brokerOrderFromAlpaca(order);
  }

  async latestPrices(symbols: readonly string[]): Promise<Map<string, Price>> {
    const prices = new Map<string, Price>();
    if (symbols.length === 0) return prices;
    const response = await this.#call({ kind: 'read', action: 'reading latest prices' }, () =>
      this.#stocks.stockLatestTrades({ symbols: [...new Set(symbols)].join(',') }),
    );
    for (const [symbol, trade] of Object.entries(response.trades ?? {})) {
      // The data API sends prices as JSON numbers; decimal.js reads a number from its shortest
      // round-trip form, which is exactly the wire text for any price with under 16 digits.
      const price = Price.parse(trade?.p);
      if (price) prices.set(symbol, price);
    }
    return prices;
  }

  async getClock(): Promise<MarketClock> {
    const clock = await this.#call({ kind: 'read', action: 'reading the market clock' }, () => this.#clock.legacyClock());
    return { timestamp: clock.timestamp, isOpen: clock.isOpen, nextOpen: clock.nextOpen, nextClose: clock.nextClose };
  }

  async getCalendar(from: string, to: string): Promise<MarketDay[]> {
    assertIsoDate(from);
    assertIsoDate(to);
    // The SDK sends start/end as UTC timestamps; asking a day wider on each side and keeping the
    // asked-for dates is right whichever way the server reads them.
    const days = await this.#call({ kind: 'read', action: 'reading the market calendar' }, () =>
      this.#calendar.legacyCalendar({
        start: new Date(`${addDays(from, -1)}T00:00:00Z`),
        end: new Date(`${addDays(to, 1)}T00:00:00Z`),
      }),
    );
    return days
      .map((day) => {
        const date = day.date.toISOString().slice(0, 10);
        return { date, open: newYorkTime(date, day.open), close: newYorkTime(date, day.close) };
      })
      .filter((day) => day.date >= from && day.date <= to);
  }

  /** Nothing to save: the account lives at Alpaca. */
  persist(): Promise<void> {
    return Promise.resolve();
  }

  async #waitUntilClosed(orderIds: readonly string[]): Promise<void> {
    let pending = [...orderIds];
    for (let check = 0; check < CANCEL_CHECKS && pending.length > 0; check++) {
      if (check > 0) await new Promise((resolve) => setTimeout(resolve, this.#cancelPollMs));
      const stillOpen: string[] = [];
      for (const id of pending) {
        const order = await this.getOrder(id);
        if (!journalStatusOf(order.status).terminal) stillOpen.push(id);
      }
      pending = stillOpen;
    }
    if (pending.length > 0) {
      throw new Transient(`Alpaca has not finished cancelling ${pending.join(', ')}; try closing the position again later.`);
    }
  }

  /** A call that creates an order: a lost answer is Ambiguous, resolved by `clientOrderId`. */
  #create<T>(clientOrderId: string, action: string, request: () => Promise<T>): Promise<T> {
    return this.#call({ kind: 'create', action, clientOrderId }, request);
  }

  async #call<T>(context: Omit<AlpacaCallContext, 'secrets'>, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toBrokerError(error, { ...context, secrets: this.#secrets });
    }
  }
}

/** What every new order sends, whatever its type (Alpaca takes the quantity as a string). */
function orderBasics(request: EntryOrderRequest | ProtectionOrderRequest) {
  return { symbol: request.symbol, side: request.side, qty: String(request.qty), timeInForce: request.timeInForce, clientOrderId: request.clientOrderId };
}
