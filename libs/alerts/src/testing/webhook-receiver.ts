import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver does with the next requests: answer with a status, or hang until told. */
export type ReceiverReply = { status: number; retryAfter?: number } | 'hang';

/**
 * A loopback webhook endpoint for tests: records every body it is sent, and answers as scripted
 * (the next replies first, then 200), so retries and timeouts can be played without a network.
 */
export async function startWebhookReceiver(): Promise<{
  url: string;
  bodies: unknown[];
  script(...replies: ReceiverReply[]): void;
  waitFor(count: number, timeoutMs?: number): Promise<unknown[]>;
  close(): Promise<void>;
}> {
  const bodies: unknown[] = [];
  const replies: ReceiverReply[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = replies.shift() ?? { status: 200 };
      if (reply === 'hang') return void hanging.push(response);
      if (reply.status < 300) bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (reply.retryAfter !== undefined) response.setHeader('retry-after', String(reply.retryAfter));
      response.statusCode = reply.status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/secret-token`,
    bodies,
    script: (...next) => void replies.push(...next),
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (bodies.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return bodies;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
