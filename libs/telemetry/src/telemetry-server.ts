import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SchedulerHealth } from './scheduler-health';
import type { TradingMetrics } from './trading-metrics';

export interface TelemetryServer {
  /** `http://host:port`, the port as bound (0 asks for a free one). */
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /health` (JSON, 503 when unhealthy) and `GET /metrics` (Prometheus text). Read-only and
 * unauthenticated, so it binds to loopback unless told otherwise: put a proxy in front to expose it.
 */
export async function startTelemetryServer(options: {
  host: string;
  port: number;
  metrics: TradingMetrics;
  health: () => Promise<SchedulerHealth>;
}): Promise<TelemetryServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const answer = async () => {
      if (request.method !== 'GET') return void response.writeHead(405, { allow: 'GET' }).end();
      if (path === '/health') {
        const health = await options.health();
        return void response.writeHead(health.healthy ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(health, null, 2)}\n`);
      }
      if (path === '/metrics') {
        const text = await options.metrics.registry.metrics();
        return void response.writeHead(200, { 'content-type': options.metrics.registry.contentType }).end(text);
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /health or /metrics\n');
    };
    answer().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`Internal error: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
