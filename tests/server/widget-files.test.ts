import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestContext } from './support/test-app.ts';

// A widgets/dist as widgets/build.mjs lays it out: the loader, hashed chunks, compressed copies.
const LOADER = 'const loader = "doorstep";\n'.repeat(40);
const CHUNK = 'export const chunk = "owner-login";\n'.repeat(40);
const CHUNK_PATH = 'chunks/owner-login/define-UA7MGPLQ.js';

let ctx: TestContext;
let root: string;

async function put(path: string, text: string, compressed = true) {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
  if (!compressed) return;
  await writeFile(join(root, `${path}.br`), brotliCompressSync(Buffer.from(text)));
  await writeFile(join(root, `${path}.gz`), gzipSync(Buffer.from(text)));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'doorstep-widget-files-'));
  await put('doorstep.js', LOADER);
  await put(CHUNK_PATH, CHUNK);
  await put('chunks/chunk-KOY52XYU.js', 'export const shared = 1;\n', false);
  await put('chunks/unhashed.js', 'export const plain = 1;\n', false);
  await writeFile(join(root, '..', 'outside-widgets.js'), 'secret');
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, widgetBundle: root } });
});
afterAll(async () => {
  await ctx.close();
  await rm(root, { recursive: true, force: true });
  await rm(join(root, '..', 'outside-widgets.js'), { force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => ctx.app.request(`/widgets/${path}`, { headers });

describe('the loader, /widgets/doorstep.js', () => {
  // A cached loader names the chunks of its build, which the next deploy deletes: it is
  // revalidated on every use instead of being kept for minutes (server/http/widget-files.ts).
  test('is revalidated on every use, carries an ETag, and answers a matching If-None-Match with 304 and no body', async () => {
    const response = await get('doorstep.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, no-cache');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(await response.text()).toBe(LOADER);

    const again = await get('doorstep.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, no-cache');
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    const stale = await get('doorstep.js', { 'if-none-match': '"something-older"' });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(LOADER);
  });

  test('a new build of the loader gets a new ETag', async () => {
    const before = (await get('doorstep.js')).headers.get('etag');
    await put('doorstep.js', `${LOADER}// next deploy\n`);
    const after = await get('doorstep.js', { 'if-none-match': before! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
    await put('doorstep.js', LOADER);
  });
});

describe('hashed chunks, /widgets/chunks/…-HASH.js', () => {
  test('are cached for a year as immutable', async () => {
    for (const path of [CHUNK_PATH, 'chunks/chunk-KOY52XYU.js']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  test('a file without a content hash in its name is not immutable', async () => {
    const response = await get('chunks/unhashed.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).not.toContain('immutable');
  });
});

describe('compression', () => {
  test('sends the precompressed brotli or gzip copy the browser accepts, else the plain file', async () => {
    const brotli = await get(CHUNK_PATH, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).toString()).toBe(CHUNK);

    const gzip = await get(CHUNK_PATH, { 'accept-encoding': 'br;q=0, gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(CHUNK);

    const plain = await get(CHUNK_PATH);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(CHUNK);

    // Each encoding is its own representation: its own ETag.
    const tags = new Set([brotli, gzip, plain].map((response) => response.headers.get('etag')));
    expect(tags.size).toBe(3);
  });

  test('a file built without compressed copies is sent plain even when compression is accepted', async () => {
    const response = await get('chunks/chunk-KOY52XYU.js', { 'accept-encoding': 'br, gzip' });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toBe('export const shared = 1;\n');
  });
});

test('nothing outside the widget directory, and nothing that is not there', async () => {
  for (const path of ['..%2foutside-widgets.js', '%2e%2e/outside-widgets.js', 'chunks/nope-AAAAAAAA.js', 'doorstep.js.br']) {
    const response = await get(path, { 'accept-encoding': 'br' });
    expect(response.status, path).toBe(404);
  }
});
