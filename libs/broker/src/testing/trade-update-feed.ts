import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SimulatedBroker } from '../simulated/simulated-broker';
import { OrderChanges } from '../trade-updates/order-changes';
import { alpacaOrderJson } from './alpaca-wire-format';

export interface TradeUpdateFeed {
  /** Compares the simulator's orders with the last look and sends an event for each change. */
  publish(): void;
  /** Cuts every client off, as a network drop would (tests of reconnecting). */
  dropClients(): void;
  /** While true, new connections are refused at the upgrade (a stream that never connects). */
  refuse(refusing: boolean): void;
  /** Events sent so far, oldest first. */
  sent: Array<{ event: string; orderId: string }>;
  close(): Promise<void>;
}

/**
 * Alpaca's trading websocket (`/stream`) on the loopback server: authenticate, listen to
 * trade_updates, then one `trade_updates` frame per order change of the SimulatedBroker. The
 * changes come from comparing its orders (order-changes.ts) after every HTTP request and every few
 * milliseconds (prices moved through the control API fill orders without a request).
 */
export function attachTradeUpdateFeed(
  server: Server,
  market: SimulatedBroker,
  credentials: { keyId: string; secretKey: string },
  intervalMs = 5,
): TradeUpdateFeed {
  const wss = new WebSocketServer({ noServer: true });
  const listeners = new Set<WebSocket>();
  const changes = new OrderChanges(market);
  let refusing = false;
  const sent: TradeUpdateFeed['sent'] = [];

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/stream' || refusing) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    let authorized = false;
    ws.on('error', () => undefined);
    ws.on('close', () => listeners.delete(ws));
    ws.on('message', (raw) => {
      let message: { action?: string; data?: Record<string, unknown> };
      try {
        message = JSON.parse(raw.toString()) as typeof message;
      } catch {
        return;
      }
      if (message.action === 'authenticate') {
        authorized = message.data?.['key_id'] === credentials.keyId && message.data?.['secret_key'] === credentials.secretKey;
        ws.send(JSON.stringify({ stream: 'authorization', data: { action: 'authenticate', status: authorized ? 'authorized' : 'unauthorized' } }));
        if (!authorized) ws.close();
      } else if (message.action === 'listen' && authorized) {
        const streams = (message.data?.['streams'] as string[] | undefined) ?? [];
        if (streams.includes('trade_updates')) listeners.add(ws);
        ws.send(JSON.stringify({ stream: 'listening', data: { streams: streams.filter((s) => s === 'trade_updates') } }));
      }
    });
  }

  function publish(): void {
    for (const { order, frames } of changes.look()) {
      for (const frame of frames) {
        sent.push({ event: frame.event, orderId: order.id });
        const text = JSON.stringify({ stream: 'trade_updates', data: { ...frame, order: alpacaOrderJson(order) } });
        for (const ws of listeners) ws.send(text);
      }
    }
  }

  const timer = setInterval(publish, intervalMs);
  timer.unref();
  return {
    publish,
    sent,
    refuse: (value) => {
      refusing = value;
    },
    dropClients: () => {
      for (const ws of listeners) ws.terminate();
      listeners.clear();
    },
    close: async () => {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
