/**
 * /docs: the API reference page, rendered from /openapi.json by Swagger UI served from this
 * server itself (no CDN), with no inline script.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

test('the page loads the renderer and its start script from this server, under a CSP without inline scripts', async () => {
  const page = await ctx.app.request('/docs');
  expect(page.status).toBe(200);
  const html = await page.text();
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.map((m) => /src="([^"]+)"/.exec(m[1]!)?.[1])).toEqual(['/docs/swagger-ui-bundle.js', '/docs/init.js']);
  expect(scripts.every((m) => m[2]!.trim() === '')).toBe(true);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

  const init = await (await ctx.app.request('/docs/init.js')).text();
  expect(init).toContain("url: '/openapi.json'");
  const bundle = await ctx.app.request('/docs/swagger-ui-bundle.js');
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('content-type')).toContain('javascript');
  expect((await bundle.text()).length).toBeGreaterThan(100_000);
  expect((await ctx.app.request('/docs/swagger-ui.css')).status).toBe(200);
});

test('only the renderer files are served, nothing else of node_modules', async () => {
  for (const path of ['/docs/package.json', '/docs/..%2F..%2Fpackage.json', '/docs/index.html', '/docs/swagger-ui-bundle.js.map']) {
    expect((await ctx.app.request(path)).status, path).toBe(404);
  }
});
