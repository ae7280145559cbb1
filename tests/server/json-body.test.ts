/**
 * JSON bodies over a real Node HTTP server (server/http/json-body.ts, Hono's body limit), as a
 * browser sends them: chunked, split inside a letter, with a byte-order mark, too large.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTenant, createTestApp, createUser, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let server: ServerType;
let port: number;
const PASSWORD = 'Āboliņš-ziema-2026';

beforeAll(async () => {
  ctx = await createTestApp({}, '2026-05-20T09:00:00Z');
  const tenant = await createTenant(ctx.database, 'ogre');
  await createUser(ctx.database, tenant.id, 'anna@example.lv', { password: PASSWORD });
  server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

/** POSTs the chunks as they are: with a Content-Length, or chunked when `chunked`. */
function post(path: string, chunks: (string | Buffer)[], chunked = false): Promise<{ status: number; body: any }> {
  const buffers = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c));
  const length = buffers.reduce((n, b) => n + b.length, 0);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(length) }) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (p) => parts.push(p));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString() || 'null') }));
      },
    );
    // The server may answer (413) and close before it has read everything.
    req.on('error', reject);
    for (const b of buffers) req.write(b);
    req.end();
  });
}

const credentials = JSON.stringify({ email: 'anna@example.lv', password: PASSWORD });

describe('JSON bodies read from the socket', () => {
  test('a body in many chunks, a multi-byte letter split between two of them, is read whole', async () => {
    const bytes = Buffer.from(credentials);
    const split = bytes.indexOf(Buffer.from('Ā')) + 1; // inside the two bytes of Ā
    const response = await post('/v1/ogre/auth/login', [bytes.subarray(0, split), bytes.subarray(split, split + 5), bytes.subarray(split + 5)], true);
    expect(response.status).toBe(200);
    expect(typeof response.body.accessToken).toBe('string');
  });

  test('with a Content-Length, and with a byte-order mark before the JSON', async () => {
    expect((await post('/v1/ogre/auth/login', [credentials])).status).toBe(200);
    expect((await post('/v1/ogre/auth/login', [Buffer.from([0xef, 0xbb, 0xbf]), credentials])).status).toBe(200);
  });

  test('malformed JSON and an empty body are 400 invalid_json', async () => {
    for (const body of ['{"email":', '']) {
      const response = await post('/v1/ogre/auth/login', [body]);
      expect(response.status, body).toBe(400);
      expect(response.body.error.code).toBe('invalid_json');
    }
  });

  test('over 64 KiB is 413 payload_too_large, whether it says so in a Content-Length or arrives chunked', async () => {
    const big = JSON.stringify({ email: 'anna@example.lv', password: 'x'.repeat(70 * 1024) });
    for (const chunked of [false, true]) {
      const response = await post('/v1/ogre/auth/login', [big.slice(0, 1000), big.slice(1000)], chunked);
      expect(response.status, `chunked: ${chunked}`).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
    }
    // The server is still fine.
    expect((await post('/v1/ogre/auth/login', [credentials])).status).toBe(200);
  });

  test('just under the limit is read', async () => {
    const padded = JSON.stringify({ email: 'anna@example.lv', password: PASSWORD, pad: '' });
    const body = padded.replace('"pad":""', `"pad":"${'x'.repeat(64 * 1024 - Buffer.byteLength(padded))}"`);
    expect(Buffer.byteLength(body)).toBe(64 * 1024);
    const response = await post('/v1/ogre/auth/login', [body], true);
    expect([200, 400]).toContain(response.status);
    expect(response.body.error?.code).not.toBe('payload_too_large');
  });
});
