/**
 * The console's page and files (server/http/console-files.ts): a page per tenant that exists,
 * under a policy that runs no inline script, and only the console's own files.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTenant, createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doorstep-console-'));
  await writeFile(join(dir, 'console.js'), 'export {};\n');
  await writeFile(join(dir, 'console.css'), 'body{}\n');
  await writeFile(join(dir, 'secret.txt'), 'not served\n');
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: false, consoleBundle: dir } });
  await createTenant(ctx.database, 'konsole');
  const disabled = await createTenant(ctx.database, 'gone');
  await ctx.database.db.updateTable('tenants').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
});
afterAll(() => ctx.close());

test("a tenant's console page loads its script and stylesheet, under a policy with no inline script", async () => {
  const response = await ctx.app.request('/console/konsole/');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html).toContain('<doorstep-console tenant="konsole">');
  expect(html).toContain('<script type="module" src="/console/_/console.js">');
  const policy = response.headers.get('content-security-policy')!;
  expect(policy).toMatch(/script-src 'self'(;|$)/);
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).toContain("frame-ancestors 'self'");
  expect((await ctx.app.request('/console/konsole')).headers.get('location')).toBe('/console/konsole/');
});

test('unknown and disabled tenants have no console', async () => {
  expect((await ctx.app.request('/console/nobody/')).status).toBe(404);
  expect((await ctx.app.request('/console/gone/')).status).toBe(404);
  expect((await ctx.app.request('/console/Bad%22Slug/')).status).toBe(404);
});

test('the files: the script and stylesheet with their types and ETag, nothing else of the folder', async () => {
  const script = await ctx.app.request('/console/_/console.js');
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  const etag = script.headers.get('etag')!;
  expect((await ctx.app.request('/console/_/console.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
  expect((await ctx.app.request('/console/_/console.css')).headers.get('content-type')).toMatch(/^text\/css/);
  expect((await ctx.app.request('/console/_/secret.txt')).status).toBe(404);
  expect((await ctx.app.request('/console/_/..%2Fsecret.txt')).status).toBe(404);
});
