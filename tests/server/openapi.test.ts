import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

test('the OpenAPI document describes every /v1 route the app serves', async () => {
  const response = await ctx.app.request('/openapi.json');
  expect(response.status).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toMatch(/^3\./);
  const documented = new Set<string>();
  for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path}`);
  }
  const served = ctx.app.routes
    .filter((r) => r.path.startsWith('/v1/:tenant/') && r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, '{$1}')}`);
  expect(served.length).toBeGreaterThan(0);
  for (const route of served) expect(documented, route).toContain(route);
  expect(documented).toContain('POST /v1/{tenant}/auth/login');
});

test('request id: a sane incoming one is kept, anything else replaced', async () => {
  const kept = await ctx.app.request('/healthz', { headers: { 'x-request-id': 'abc12345-trace' } });
  expect(kept.headers.get('x-request-id')).toBe('abc12345-trace');
  const replaced = await ctx.app.request('/healthz', { headers: { 'x-request-id': 'bad id; drop table users' } });
  expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});
