import WebSocket from 'ws';
import type { TradeUpdate, TradeUpdateStream } from './trade-update-stream';

export interface AlpacaTradeUpdateStreamOptions {
  /** The trading API's base URL (https://paper-api.alpaca.markets, or the loopback server's http://127.0.0.1:port). */
  tradingUrl: string;
  keyId: string;
  secretKey: string;
  /** How long authenticate + listen may take before the attempt counts as failed. */
  handshakeTimeoutMs?: number;
}

/** wss://paper-api.alpaca.markets/stream for https://paper-api.alpaca.markets (ws:// for http://). */
export function tradeStreamUrlOf(tradingUrl: string): string {
  const url = new URL(tradingUrl);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.pathname = '/stream';
  url.search = '';
  return url.toString();
}

/**
 * Alpaca's trading websocket over `ws` (the SDK's own dependency, used directly): JSON frames
 * `{action:'authenticate', data:{key_id, secret_key}}` then `{action:'listen', data:{streams:['trade_updates']}}`;
 * answers `{stream:'authorization', data:{status:'authorized'|'unauthorized'}}`, `{stream:'listening'}`,
 * then `{stream:'trade_updates', data:{event, order, price, qty, position_qty, timestamp}}`.
 * The paper endpoint sends binary frames, so both kinds are decoded.
 * Why not the SDK's TradingStream: its AlpacaWebSocket gives up after maxReconnectAttempts and owns
 * its own backoff; the scheduler needs to reconnect forever, run a catch-up pass after each
 * connect and report each state, so the connection here is one attempt and the loop lives above.
 */
export class AlpacaTradeUpdateStream implements TradeUpdateStream {
  private abort?: () => void;
  private readonly eventListeners: Array<(event: TradeUpdate) => void> = [];
  private readonly downListeners: Array<(reason: string) => void> = [];

  constructor(private readonly options: AlpacaTradeUpdateStreamOptions) {}

  onEvent(listener: (event: TradeUpdate) => void): void {
    this.eventListeners.push(listener);
  }

  onDown(listener: (reason: string) => void): void {
    this.downListeners.push(listener);
  }

  connect(): Promise<void> {
    const socket = new WebSocket(tradeStreamUrlOf(this.options.tradingUrl));
    let listening = false;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(`no answer to authenticate/listen within ${this.options.handshakeTimeoutMs ?? 10_000} ms`),
        this.options.handshakeTimeoutMs ?? 10_000,
      );
      const fail = (reason: string) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        this.abort = undefined;
        if (closing) reject(new Error('the stream was closed'));
        else if (listening) this.downListeners.forEach((l) => l(reason));
        else reject(new Error(reason));
      };
      let closing = false;
      this.abort = () => {
        closing = true;
        fail('closed');
      };
      socket.on('open', () =>
        socket.send(JSON.stringify({ action: 'authenticate', data: { key_id: this.options.keyId, secret_key: this.options.secretKey } })),
      );
      socket.on('error', (error) => fail(`stream error: ${error.message}`));
      socket.on('close', (code) => fail(`stream closed by the broker (code ${code})`));
      socket.on('message', (raw) => {
        let frame: { stream?: string; data?: Record<string, unknown> };
        try {
          frame = JSON.parse(raw.toString()) as typeof frame;
        } catch {
          return; // not a frame of this protocol
        }
        if (frame.stream === 'authorization') {
          if (frame.data?.['status'] !== 'authorized') return fail('the broker refused the API key on the trading stream');
          socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
        } else if (frame.stream === 'listening') {
          clearTimeout(timer);
          listening = true;
          resolve();
        } else if (frame.stream === 'trade_updates' && frame.data) {
          const update = tradeUpdateOf(frame.data);
          if (update) this.eventListeners.forEach((l) => l(update));
        }
      });
    });
  }

  async close(): Promise<void> {
    this.abort?.();
  }
}

function tradeUpdateOf(data: Record<string, unknown>): TradeUpdate | undefined {
  const order = data['order'] as Record<string, unknown> | undefined;
  if (!order || typeof order['id'] !== 'string' || typeof data['event'] !== 'string') return undefined;
  const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
  return {
    event: data['event'],
    orderId: order['id'],
    clientOrderId: text(order['client_order_id']) ?? '',
    symbol: text(order['symbol']) ?? '',
    status: text(order['status']) ?? '',
    price: text(data['price']),
    qty: text(data['qty']),
    positionQty: text(data['position_qty']),
    timestamp: text(data['timestamp']),
  };
}
