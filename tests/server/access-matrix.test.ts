/**
 * The access matrix: every route under /v1/{tenant} × every kind of caller, each answering what
 * the rights say (success / 403 / 404 / 401) and never carrying a premise the caller does not
 * reach.
 *
 * The routes are not listed here: they are read from the app's own route table, so a route
 * added by a later issue is in the matrix the moment it is mounted, and fails it until its
 * expectation is declared in access-matrix.expectations.ts. The rulebook below is restated by
 * hand, independently of server/rights/rights.ts, so a mistaken change there shows up here.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { DoorstepApp } from '../../server/app.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { signAccessToken } from '../../server/auth/tokens.ts';
import { ALL_ACTIONS, type Action } from '../../server/rights/rights.ts';
import { residentRoutes } from './support/routes.ts';
import { ROUTE_EXPECTATIONS, type RequestPlan, type RouteExpectation } from './access-matrix.expectations.ts';
import { buildMatrixWorld, OTHER_TENANT, TENANT, type Persona, type SeededPremise } from './access-matrix.fixture.ts';

/** What each way of holding a premise allows: the rulebook, by hand. */
const ALLOWED: Record<string, readonly Action[]> = {
  owner: ALL_ACTIONS,
  proxy: ALL_ACTIONS,
  'member:': ['premise.view', 'notices.view'],
  'member:invoices': ['premise.view', 'notices.view', 'invoices.view'],
  'member:readings': ['premise.view', 'notices.view', 'readings.view', 'readings.submit'],
  'member:invoices,readings': ['premise.view', 'notices.view', 'invoices.view', 'readings.view', 'readings.submit'],
};
const EVERY_ACTION_BY_HAND: readonly Action[] = [
  'premise.view',
  'notices.view',
  'readings.view',
  'readings.submit',
  'invoices.view',
  'documents.view',
  'threads.use',
  'members.manage',
];

const holding = (g: Persona['grants'][number]) => (g.role === 'member' ? `member:${[...g.rights].sort().join(',')}` : g.role);

/** `METHOD /path/{param}` for every resident route the app serves under /v1/{tenant}, from its own table. */
export const discoverRoutes = (app: DoorstepApp): string[] => residentRoutes(app);

const world = await buildMatrixWorld();
const { fx, personas, premises } = world;
afterAll(() => fx.ctx.close());
const routes = discoverRoutes(fx.ctx.app);
const owner = personas.find((p) => p.name === 'owner')!;

function expectedStatus(expectation: Exclude<RouteExpectation, { scope: 'public' }>, persona: Persona): number[] {
  if (expectation.scope === 'admin') return [401];
  const pinned = expectation.overrides?.[persona.name];
  if (pinned !== undefined) return [pinned];
  if (!persona.token || persona.name === 'expired token') return [401];
  const success = expectation.success ?? 200;
  const successes = Array.isArray(success) ? success : [success];
  if (expectation.scope === 'user') return successes;
  const relevant = persona.grants.filter((g) =>
    expectation.scope === 'premise'
      ? g.premise.id === fx.target.id
      : g.premise.buildingId === fx.target.buildingId && g.premise.tenantId === fx.target.tenantId,
  );
  if (relevant.length === 0) return [404];
  return relevant.some((g) => ALLOWED[holding(g)]!.includes(expectation.action)) ? successes : [403];
}

const prepareOf = (expectation: RouteExpectation) => ('prepare' in expectation ? expectation.prepare : undefined);

const endsSessions = (expectation: RouteExpectation) => 'session' in expectation && expectation.session === 'throwaway';

/** A token of a new session of the persona's account. */
async function newSessionToken(account: NonNullable<Persona['account']>): Promise<string> {
  const { userId, tenantId } = account;
  const now = fx.ctx.clock.now();
  const session = await fx.ctx.database.withTenant(tenantId, (trx) => createSession(trx, { tenantId, userId, remember: false, authLevel: 'basic', now }));
  return (await signAccessToken(fx.ctx.deps.keys, { userId, tenantId, sessionId: session.sessionId, authLevel: 'basic', mustChangePassword: false }, now)).token;
}

/**
 * The persona's token; for a route that ends sessions, one of a session opened for this call
 * (and the persona gets a fresh session afterwards, see `afterSessionsEnded`).
 */
async function tokenFor(expectation: RouteExpectation, persona: Persona): Promise<string | undefined> {
  if (!endsSessions(expectation) || !persona.account || persona.name === 'expired token') return persona.token;
  return newSessionToken(persona.account);
}

/** A route that ends every session of the account (logout everywhere) ended the persona's too. */
async function afterSessionsEnded(expectation: RouteExpectation, persona: Persona): Promise<void> {
  if (endsSessions(expectation) && persona.account && persona.name !== 'expired token') persona.token = await newSessionToken(persona.account);
}

function send(route: string, plan: RequestPlan, token: string | undefined, tenant: string, premiseId = fx.target.id) {
  const [method, template] = route.split(' ') as [string, string];
  const values: Record<string, string> = { premiseId, buildingId: fx.target.buildingId, ...plan.params };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route}: its expectation's prepare() must give the path parameter "${name}"`);
    return encodeURIComponent(value);
  });
  const query = plan.query ? `?${new URLSearchParams(plan.query)}` : '';
  const url = `/v1/${tenant}${path}${query}`;
  if (plan.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(plan.form)) form.append(name, value);
    const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.1', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    return fx.ctx.app.request(url, { method, headers, body: form });
  }
  return fx.call(fx.ctx, method, url, { ...(token ? { token } : {}), ...(plan.body !== undefined ? { body: plan.body } : {}) });
}

/** Nothing of a premise the persona does not reach may appear in what it gets back. */
function expectNoForeignData(text: string, persona: Persona, context: string) {
  const reached = new Set(persona.grants.map((g) => g.premise.id));
  const leaked = premises
    .filter((p: SeededPremise) => !reached.has(p.id))
    .flatMap((p) => [p.label, p.accountNumber, p.id].filter((marker) => text.includes(marker)));
  expect(leaked, `${context} leaked another premise's data`).toEqual([]);
}

function expectErrorBody(text: string, context: string) {
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, `${context}: error body`).toBe('string');
  expect(Object.keys(body)).toEqual(['error']);
}

test('the rulebook by hand covers every action the rights module knows', () => {
  expect([...ALL_ACTIONS].sort()).toEqual([...EVERY_ACTION_BY_HAND].sort());
});

test('the routes were found in the app, and include the resident routes of the foundation', () => {
  expect(routes).toContain('GET /me');
  expect(routes).toContain('POST /premises/{premiseId}/members');
  expect(routes.length).toBeGreaterThanOrEqual(10);
});

test('every route has a declared expectation, and every expectation still has its route', () => {
  const undeclared = routes.filter((route) => !(route in ROUTE_EXPECTATIONS));
  expect(undeclared, 'routes without an entry in tests/server/access-matrix.expectations.ts').toEqual([]);
  const stale = Object.keys(ROUTE_EXPECTATIONS).filter((route) => !routes.includes(route));
  expect(stale, 'expectations whose route no longer exists').toEqual([]);
});

for (const route of routes) {
  const expectation = ROUTE_EXPECTATIONS[route];
  if (!expectation || expectation.scope === 'public') continue;

  describe(route, () => {
    for (const persona of personas) {
      test(persona.name, async () => {
        const expected = expectedStatus(expectation, persona);
        const plan = (await prepareOf(expectation)?.(fx)) ?? {};
        const context = `${route} as ${persona.name}`;
        const response = await send(route, plan, await tokenFor(expectation, persona), persona.tokenTenant);
        await afterSessionsEnded(expectation, persona);
        const text = await response.text();
        expect(expected, `${context} answered ${response.status}: ${text}`).toContain(response.status);
        if (response.status >= 400) expectErrorBody(text, context);
        expectNoForeignData(text, persona, context);

        if (persona.tokenTenant === OTHER_TENANT) {
          // The same token on this tenant's path: a token is only good for its own tenant.
          const again = (await prepareOf(expectation)?.(fx)) ?? {};
          const crossed = await send(route, again, await tokenFor(expectation, persona), TENANT);
          const crossedText = await crossed.text();
          expect(crossed.status, `${context} on ${TENANT}'s path: ${crossedText}`).toBe(401);
          expectNoForeignData(crossedText, persona, `${context} on ${TENANT}'s path`);
        }
      });
    }

    if (expectation.scope === 'premise' || expectation.scope === 'building') {
      if (expectation.foreign) {
        const foreign = expectation.foreign;
        test("the owner naming another premise's object on its own premise gets 404", async () => {
          const response = await send(route, await foreign(fx), owner.token, TENANT);
          expect(response.status, await response.text()).toBe(404);
        });
      }

      test('ids that are not UUIDs are 404 for the owner (an oversized one may be a 400), never a 500', async () => {
        const plan = (await expectation.prepare?.(fx)) ?? {};
        const idParams = [...route.matchAll(/\{(\w+Id)\}/g)].map((m) => m[1]!);
        const cases: Array<[string, number[]]> = [
          ['not-a-uuid', [404]],
          ["1' or '1'='1", [404]],
          ['9'.repeat(300), [400, 404]],
        ];
        for (const name of idParams) {
          for (const [bad, allowed] of cases) {
            const params = { ...plan.params, [name]: bad };
            const premiseId = name === 'premiseId' ? bad : fx.target.id;
            const response = await send(route, { ...plan, params }, owner.token, TENANT, premiseId);
            expect(allowed, `${route} with ${name}=${bad.slice(0, 20)}: ${response.status} ${await response.clone().text()}`).toContain(response.status);
          }
        }
      });
    }
  });
}
