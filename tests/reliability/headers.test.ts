/**
 * The security headers (ASVS 5.0 V3.4, RFC 6749 §5.1) on every operation of the document, for
 * an allowed caller (the answers that carry tokens and personal data) and a refused one; and the
 * answers the allowed callers get conform to the document (status, content type, schema).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTestApp } from '../server/support/test-app.ts';
import { authorizationFor, buildWorld, fixtureFor, renewSessions, requestFor } from './support/callers.ts';
import { conformanceErrors } from './support/conformance.ts';
import { loadDocument, operationsOf } from './support/operations.ts';

const world = await buildWorld();
afterAll(() => world.fx.ctx.close());
const app = world.fx.ctx.app;
const doc = await loadDocument(app);
const operations = operationsOf(doc);

function expectSecurityHeaders(response: Response, context: string) {
  const h = response.headers;
  expect(h.get('x-content-type-options'), context).toBe('nosniff');
  expect(h.get('referrer-policy'), context).toBe('no-referrer');
  expect(h.get('cache-control') ?? '', context).toMatch(/no-store/);
  expect(h.get('content-security-policy') ?? '', context).toMatch(/default-src 'none'/);
  expect(h.get('x-frame-options'), context).toBe('SAMEORIGIN');
  // Not production: HSTS would pin localhost to HTTPS for every project on the machine.
  expect(h.get('strict-transport-security'), context).toBeNull();
}

test('the document lists operations, and every one has a caller fixture', () => {
  expect(operations.length).toBeGreaterThanOrEqual(30);
  const missing = operations.filter((op) => !fixtureFor(op, world)).map((op) => op.key);
  expect(missing, 'operations without a caller fixture (tests/reliability/support/callers.ts)').toEqual([]);
});

describe('every operation', () => {
  for (const op of operations) {
    test(op.key, async () => {
      const fixture = fixtureFor(op, world);
      if (!fixture) throw new Error(`${op.key}: no caller fixture (tests/reliability/support/callers.ts)`);

      const allowed = world.caller(fixture.allowed[0]!);
      const request = requestFor(world, op, await fixture.prepare(world), allowed, await authorizationFor(world, fixture, allowed));
      const answer = await app.request(request);
      await renewSessions(world, fixture, allowed);
      const text = await answer.text();
      expect(fixture.success, `${op.key} as ${allowed.name}: ${answer.status} ${text.slice(0, 300)}`).toContain(answer.status);
      if (answer.status < 400 || !answer.headers.get('content-security-policy')?.includes('sandbox')) expectSecurityHeaders(answer, `${op.key} as ${allowed.name}`);
      const drift = conformanceErrors(doc, op, answer.status, answer.headers.get('content-type'), text);
      expect(drift, drift.join('\n')).toEqual([]);

      const refused = world.caller(fixture.forbidden[0] ?? 'no token');
      // The same request, by a caller who may not, and with a broken body where there is one.
      const plan = await fixture.prepare(world);
      const broken = op.operation.requestBody ? { ...plan, body: undefined, form: undefined, raw: { contentType: 'application/json', body: '{"unfinished' } } : plan;
      const bad = requestFor(world, op, broken, refused);
      const refusal = await app.request(bad);
      const refusalText = await refusal.text();
      // Logout answers 204 to anything (it must never fail); everything else refuses.
      if (fixture.forbidden.length > 0) expect(refusal.status, `${op.key} refused: ${refusalText}`).toBeGreaterThanOrEqual(400);
      expect(refusal.status, refusalText).toBeLessThan(500);
      expectSecurityHeaders(refusal, `${op.key} refused (${refusal.status})`);
      const refusalDrift = conformanceErrors(doc, op, refusal.status, refusal.headers.get('content-type'), refusalText);
      expect(refusalDrift, refusalDrift.join('\n')).toEqual([]);
    });
  }
});

test('outside the operations too: health, the document, an unknown path, a CORS preflight', async () => {
  for (const [path, init] of [
    ['/healthz', {}],
    ['/openapi.json', {}],
    ['/v1/matrix/no-such-thing', {}],
    ['/nothing-here', {}],
    ['/v1/matrix/me', { method: 'OPTIONS', headers: { origin: 'https://matrix.example', 'access-control-request-method': 'GET' } }],
  ] as const) {
    const response = await app.request(path, init);
    expectSecurityHeaders(response, `${init && 'method' in init ? init.method : 'GET'} ${path}`);
  }
});

test('HSTS in production only, and a handler’s own stricter policy is kept', async () => {
  const ctx = world.fx.ctx;
  const production = createApp({ ...ctx.deps, config: { ...ctx.deps.config, production: true } });
  const response = await production.request('/healthz');
  expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
});

describe('pages and public assets', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('the demo pages get a strict CSP: their inline scripts by hash, no unsafe-inline, no unsafe-eval', async () => {
    const ctx = await createTestApp({}, '2026-05-20T09:00:00Z');
    try {
      const demo = createApp({ ...ctx.deps, config: { ...ctx.deps.config, demoMode: true, demoDir: 'demo' } });
      for (const page of ['/', '/otrs.html']) {
        const response = await demo.request(page);
        expect(response.status).toBe(200);
        const html = await response.text();
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(csp, page).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
        const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))!;
        const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
        expect(inline.length, page).toBeGreaterThan(0);
        for (const hash of inline) expect(scriptSrc, page).toContain(hash);
        expect(csp).toMatch(/object-src 'none'/);
        expect(csp).toMatch(/base-uri 'none'/);
        expectNoSniffNoReferrer(response);
      }
    } finally {
      await ctx.close();
    }
  });

  test('the widget bundle may be loaded by any site (CORP cross-origin); answers with data stay same-origin', async () => {
    dir = await mkdtemp(join(tmpdir(), 'doorstep-bundle-'));
    await writeFile(join(dir, 'doorstep.js'), 'export {};\n');
    const ctx = world.fx.ctx;
    const withBundle = createApp({ ...ctx.deps, config: { ...ctx.deps.config, widgetBundle: dir } });
    const bundle = await withBundle.request('/widgets/doorstep.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // The bundle chooses its own caching; the no-store default is for everything else.
    expect(bundle.headers.get('cache-control')).toMatch(/max-age|no-cache/);
    expectNoSniffNoReferrer(bundle);
    const me = await app.request('/v1/matrix/me', { headers: { authorization: world.caller('owner').authorization! } });
    expect(me.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

function expectNoSniffNoReferrer(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}
