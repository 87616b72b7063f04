import { Price, journalStatusOf } from '@trading-monitor/domain';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerOrder, ReplaceOrderRequest } from '../broker';
import { Ambiguous, NotFound, Rejected, Transient } from '../broker-errors';
import { alpacaErrorCode } from '../alpaca/alpaca-refusals';
import type { SimOrderSpec } from '../simulated/order-spec';
import type { SimulatedBroker } from '../simulated/simulated-broker';
import { alpacaCalendarDayJson, alpacaClockJson, alpacaErrorJson, alpacaLatestTradesBody, alpacaOrderJson, alpacaPositionJson } from './alpaca-wire-format';
import { attachTradeUpdateFeed, type TradeUpdateFeed } from './trade-update-feed';

export interface AlpacaTestServerOptions {
  /** The account the server fronts: drive its market with the SimulatedBroker control API. */
  market: SimulatedBroker;
  keyId?: string;
  secretKey?: string;
  /** Historical bars the data API's `GET /v2/stocks/{symbol}/bars` serves, by symbol, in Alpaca's wire format. */
  bars?: Record<string, readonly AlpacaBarJson[]>;
}

/** One bar as Alpaca's data API writes it: RFC 3339 start time, open, high, low, close, volume. */
export interface AlpacaBarJson {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

export interface AlpacaTestServer {
  /** http://127.0.0.1:<port>: serves both the trading and the market-data paths. */
  url: string;
  keyId: string;
  secretKey: string;
  /** Every request received, oldest first. */
  requests: { method: string; path: string; query: string }[];
  /** Unexpected errors the server answered with 500 (a test should find none). */
  errors: unknown[];
  /** The trade_updates websocket at ws://127.0.0.1:<port>/stream (see trade-update-feed.ts). */
  stream: TradeUpdateFeed;
  close(): Promise<void>;
}

/** Alpaca's answer to a request the server could not understand. */
class WireError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = (request: WireRequest) => Promise<WireAnswer>;

interface WireRequest {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

type WireAnswer = { status: number; json?: unknown; text?: string; retryAfterMs?: number };

/**
 * An Alpaca-compatible HTTP server on 127.0.0.1 (a free port), backed by a SimulatedBroker: the
 * v2 trading endpoints the AlpacaBroker uses (orders with OCO/bracket legs, by client_order_id,
 * positions, clock, calendar) and the data API's latest trades, in Alpaca's wire format and with
 * Alpaca's error bodies. Each request is one call on the simulated broker, so its fault injection
 * turns into the matching HTTP failure: 429, 503, a refusal, or a dropped connection after the
 * order was accepted. Requests without the right APCA-API-KEY-ID / APCA-API-SECRET-KEY get 401.
 */
export async function startAlpacaTestServer(options: AlpacaTestServerOptions): Promise<AlpacaTestServer> {
  const { market } = options;
  const keyId = options.keyId ?? 'TEST-KEY-ID';
  const secretKey = options.secretKey ?? 'test-secret-key';
  const requests: AlpacaTestServer['requests'] = [];
  const errors: unknown[] = [];
  let autoId = 0;

  const withLegs = (order: BrokerOrder) => alpacaOrderJson(order, market.peekLegs(order.id));

  const routes: [string, RegExp, Route][] = [
    ['GET', /^\/v2\/orders$/, async ({ query }) => ({ status: 200, json: await listOrders(market, query) })],
    [
      'POST',
      /^\/v2\/orders$/,
      async ({ body }) => {
        const [parent] = await market.submitOrder(orderSpecOf(body, () => `auto-${++autoId}`));
        return { status: 200, json: withLegs(parent) };
      },
    ],
    [
      'GET',
      /^\/v2\/orders:by_client_order_id$/,
      async ({ query }) => ({ status: 200, json: withLegs(await market.getOrderByClientId(query.get('client_order_id') ?? '')) }),
    ],
    ['GET', /^\/v2\/orders\/([^/]+)$/, async ({ params }) => ({ status: 200, json: withLegs(await market.getOrder(params[0])) })],
    [
      'DELETE',
      /^\/v2\/orders\/([^/]+)$/,
      async ({ params }) => {
        await market.cancelOrder(params[0]);
        return { status: 204 };
      },
    ],
    ['PATCH', /^\/v2\/orders\/([^/]+)$/, async ({ params, body }) => ({ status: 200, json: withLegs(await market.replaceOrder(params[0], replaceOf(body))) })],
    ['GET', /^\/v2\/positions$/, async () => ({ status: 200, json: (await market.listPositions()).map(alpacaPositionJson) })],
    [
      'GET',
      /^\/v2\/positions\/([^/]+)$/,
      async ({ params }) => {
        const position = (await market.listPositions()).find((p) => p.symbol === params[0]);
        if (!position) throw new WireError(404, 'position does not exist');
        return { status: 200, json: alpacaPositionJson(position) };
      },
    ],
    ['DELETE', /^\/v2\/positions\/([^/]+)$/, async ({ params }) => ({ status: 200, json: alpacaOrderJson(await market.closePosition(params[0])) })],
    ['GET', /^\/v2\/clock$/, async () => ({ status: 200, json: alpacaClockJson(await market.getClock()) })],
    [
      'GET',
      /^\/v2\/calendar$/,
      async ({ query }) => {
        const start = (query.get('start') ?? '').slice(0, 10);
        const end = (query.get('end') ?? '').slice(0, 10);
        if (!start || !end) throw new WireError(422, 'start and end are required');
        return { status: 200, json: (await market.getCalendar(start, end)).map(alpacaCalendarDayJson) };
      },
    ],
    [
      'GET',
      /^\/v2\/stocks\/trades\/latest$/,
      async ({ query }) => {
        const symbols = (query.get('symbols') ?? '').split(',').filter(Boolean);
        if (symbols.length === 0) throw new WireError(400, 'symbols is required');
        const prices = await market.latestPrices(symbols);
        return { status: 200, text: alpacaLatestTradesBody(prices, (await market.getClock()).timestamp) };
      },
    ],
    [
      'GET',
      /^\/v2\/stocks\/([^/]+)\/bars$/,
      async ({ params, query }) => {
        // One call on the simulator first, so its fault injection (rateLimitNext, failNext) answers here too.
        await market.getClock();
        return { status: 200, json: barsPage(params[0], query, options.bars?.[params[0]] ?? []) };
      },
    ],
  ];

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: url.search });
    const requestId = `req-${requests.length}`;
    try {
      const body = await readJson(req);
      if (req.headers['apca-api-key-id'] !== keyId || req.headers['apca-api-secret-key'] !== secretKey) {
        throw new WireError(401, 'request is not authorized');
      }
      for (const [routeMethod, pattern, route] of routes) {
        const match = routeMethod === method ? pattern.exec(url.pathname) : null;
        if (!match) continue;
        const answer = await route({ params: match.slice(1).map(decodeURIComponent), query: url.searchParams, body });
        send(res, answer, requestId);
        stream.publish();
        return;
      }
      throw new WireError(404, 'endpoint not found');
    } catch (error) {
      if (error instanceof Ambiguous) {
        // The order was accepted; the answer never arrives.
        req.socket.destroy();
        return;
      }
      send(res, errorAnswer(error, url.pathname, errors), requestId);
    }
  }

  const stream = attachTradeUpdateFeed(server, market, { keyId, secretKey });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keyId,
    secretKey,
    requests,
    errors,
    stream,
    close: async () => {
      await stream.close();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}

async function listOrders(market: SimulatedBroker, query: URLSearchParams): Promise<unknown[]> {
  const status = query.get('status') ?? 'open';
  if (status !== 'open' && status !== 'closed' && status !== 'all') throw new WireError(422, `invalid status ${status}`);
  const limit = Math.min(Number(query.get('limit') ?? 50), 500);
  const after = query.get('after');
  const until = query.get('until');
  const symbols = query.get('symbols')?.split(',').filter(Boolean);
  const flat = await market.listOrders({ status: 'all', after: after ? new Date(after) : undefined, symbols });
  const wanted = (order: BrokerOrder) => status === 'all' || (status === 'open') === !journalStatusOf(order.status).terminal;
  const legsOf = (id: string) => flat.filter((o) => o.parentId === id);
  const parents = flat
    .filter((o) => o.parentId === null)
    .filter((o) => !until || o.submittedAt < new Date(until))
    // With nested=true Alpaca lists a complex order under its parent when any of it matches.
    .filter((o) => wanted(o) || legsOf(o.id).some(wanted))
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.id.localeCompare(b.id));
  if ((query.get('direction') ?? 'desc') === 'desc') parents.reverse();
  const page = parents.slice(0, limit);
  if (query.get('nested') === 'true') return page.map((o) => alpacaOrderJson(o, legsOf(o.id)));
  return page
    .flatMap((o) => [o, ...legsOf(o.id)])
    .filter(wanted)
    .map((o) => alpacaOrderJson(o));
}

function orderSpecOf(body: Record<string, unknown>, autoClientOrderId: () => string): SimOrderSpec {
  const type = body['type'];
  if (type !== 'market' && type !== 'limit' && type !== 'stop') throw new WireError(422, `order type ${String(type)} is not supported here`);
  const side = body['side'];
  if (side !== 'buy' && side !== 'sell') throw new WireError(422, 'side must be buy or sell');
  const orderClass = body['order_class'] === undefined || body['order_class'] === '' ? 'simple' : body['order_class'];
  if (orderClass !== 'simple' && orderClass !== 'oco' && orderClass !== 'bracket' && orderClass !== 'oto') {
    throw new WireError(422, `order_class ${String(orderClass)} is not supported here`);
  }
  const takeProfit = objectOf(body['take_profit']);
  const stopLoss = objectOf(body['stop_loss']);
  if (stopLoss?.['limit_price'] !== undefined) throw new WireError(422, 'stop-limit legs are not supported here');
  const takeProfitPrice = priceOf(takeProfit?.['limit_price'], 'take_profit.limit_price');
  const stopLossPrice = priceOf(stopLoss?.['stop_price'], 'stop_loss.stop_price');
  return {
    symbol: String(body['symbol'] ?? ''),
    side,
    qty: quantityOf(body['qty']),
    type,
    limitPrice: priceOf(body['limit_price'], 'limit_price'),
    stopPrice: priceOf(body['stop_price'], 'stop_price'),
    timeInForce: body['time_in_force'] === 'gtc' ? 'gtc' : dayOnly(body['time_in_force']),
    clientOrderId: typeof body['client_order_id'] === 'string' && body['client_order_id'] ? body['client_order_id'] : autoClientOrderId(),
    orderClass,
    takeProfit: takeProfitPrice ? { limitPrice: takeProfitPrice } : undefined,
    stopLoss: stopLossPrice ? { stopPrice: stopLossPrice } : undefined,
  };
}

function replaceOf(body: Record<string, unknown>): ReplaceOrderRequest {
  const tif = body['time_in_force'];
  return {
    qty: body['qty'] === undefined ? undefined : quantityOf(body['qty']),
    limitPrice: priceOf(body['limit_price'], 'limit_price'),
    stopPrice: priceOf(body['stop_price'], 'stop_price'),
    timeInForce: tif === undefined ? undefined : tif === 'gtc' ? 'gtc' : dayOnly(tif),
    clientOrderId: typeof body['client_order_id'] === 'string' ? body['client_order_id'] : undefined,
  };
}

function dayOnly(value: unknown): 'day' {
  if (value === 'day') return 'day';
  throw new WireError(422, `time_in_force ${String(value)} is not supported here`);
}

function quantityOf(value: unknown): number {
  const qty = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  if (!Number.isFinite(qty)) throw new WireError(422, 'invalid qty');
  return qty;
}

function priceOf(value: unknown, field: string): Price | undefined {
  if (value === undefined || value === null) return undefined;
  const price = Price.parse(value);
  if (!price) throw new WireError(422, `invalid ${field}`);
  return price;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/**
 * A page of bars as Alpaca's data API answers it: bars from `start` to `end` (inclusive), oldest
 * first, at most `limit` (default 1,000; up to 10,000), and `next_page_token` while more remain.
 */
function barsPage(symbol: string, query: URLSearchParams, all: readonly AlpacaBarJson[]): unknown {
  if (query.get('timeframe') !== '1Min') throw new WireError(422, 'this server serves timeframe 1Min only');
  const feed = query.get('feed');
  if (feed !== null && feed !== 'iex' && feed !== 'sip') throw new WireError(422, `invalid feed: ${feed}`);
  const start = query.get('start') ? Date.parse(query.get('start') as string) : -Infinity;
  const end = query.get('end') ? Date.parse(query.get('end') as string) : Infinity;
  const limit = Math.min(10_000, Math.max(1, Number(query.get('limit') ?? 1000)));
  const inRange = all.filter((bar) => Date.parse(bar.t) >= start && Date.parse(bar.t) <= end);
  const token = query.get('page_token');
  const offset = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new WireError(400, 'invalid page_token');
  const page = inRange.slice(offset, offset + limit);
  const more = offset + limit < inRange.length;
  return { bars: page, symbol, next_page_token: more ? Buffer.from(String(offset + limit)).toString('base64') : null };
}

function errorAnswer(error: unknown, path: string, errors: unknown[]): WireAnswer {
  if (error instanceof WireError) {
    return { status: error.status, json: alpacaErrorJson(alpacaErrorCode(error.status), error.message) };
  }
  if (error instanceof Rejected) {
    const status = error.httpStatus ?? 422;
    return { status, json: alpacaErrorJson(alpacaErrorCode(status, error.reason), error.brokerMessage) };
  }
  if (error instanceof NotFound) {
    const message = path.startsWith('/v2/positions') ? 'position does not exist' : 'order not found';
    return { status: 404, json: alpacaErrorJson(alpacaErrorCode(404), message) };
  }
  if (error instanceof Transient) {
    if (error.retryAfterMs !== undefined) {
      return { status: 429, json: alpacaErrorJson(alpacaErrorCode(429), 'rate limit exceeded'), retryAfterMs: error.retryAfterMs };
    }
    return { status: 503, json: alpacaErrorJson(alpacaErrorCode(503), 'service unavailable') };
  }
  errors.push(error);
  return { status: 500, json: alpacaErrorJson(alpacaErrorCode(500), 'internal server error') };
}

function send(res: ServerResponse, answer: WireAnswer, requestId: string): void {
  const headers: Record<string, string> = { 'X-Request-ID': requestId };
  if (answer.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.ceil(answer.retryAfterMs / 1000));
  if (answer.status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  const body = answer.text ?? JSON.stringify(answer.json);
  res.writeHead(answer.status, { ...headers, 'Content-Type': 'application/json' }).end(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return objectOf(parsed) ?? {};
  } catch {
    throw new WireError(400, 'request body is not valid JSON');
  }
}
