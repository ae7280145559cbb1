/**
 * A real `node:http` receiver for webhook tests: it keeps every request it gets (headers, body,
 * path) and answers 204 — or what `answer` says for a path (a redirect, an error). It counts the
 * TCP connections it accepted, so a test can see kept-alive connections being reused.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  path: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; a test appends a path per endpoint. */
  base: string;
  port: number;
  received: ReceivedWebhook[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** Closes the connections that are open but idle (so the next delivery must open a new one). */
  closeIdle(): void;
  close(): Promise<void>;
}

export type Answer = { status: number; headers?: Record<string, string> };

export async function startWebhookReceiver(answer?: (path: string) => Answer | undefined): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), path });
      const answered = answer?.(path) ?? { status: 204 };
      response.writeHead(answered.status, answered.headers).end();
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    received,
    connections: () => connections,
    closeIdle: () => server.closeIdleConnections(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
