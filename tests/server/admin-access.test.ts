/**
 * The admin access matrix: every admin route (read from the app's own route table) × every kind of
 * caller that must not get in — none, malformed, revoked, expired, another tenant's key, a
 * resident's token, the operator's token — answers 401, and a key without the route's scope 403,
 * with nothing written. Every resident route answers 401 to an admin key, and every operator route
 * to anything but the operator's token. The scopes each action needs are restated by hand.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSession } from '../../server/auth/sessions.ts';
import { createStaffSession } from '../../server/staff/staff-sessions.ts';
import { signAccessToken } from '../../server/auth/tokens.ts';
import { ALL_ADMIN_ACTIONS, type AdminAction } from '../../server/rights/admin-rights.ts';
import { ADMIN_ROUTE_ACTIONS } from './admin-access.expectations.ts';
import { adminRequest, createAdminTenant, createKey, operatorRequest, type AdminTenant } from './support/admin.ts';
import { adminRoutes, operatorRoutes, residentRoutes } from './support/routes.ts';
import { createTestApp, createUser, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';

/** The rulebook by hand: which staff roles open which action. */
const STAFF_ROLE_OPENS: Record<string, readonly AdminAction[]> = {
  admin: ['read', 'write', 'keys.manage', 'settings.write', 'staff.manage'],
  staff: ['read', 'write'],
};

/** The rulebook by hand: which key scopes open which action. */
const KEY_SCOPE_OPENS: Record<string, readonly AdminAction[]> = {
  read: ['read'],
  write: ['write', 'keys.manage', 'settings.write', 'staff.manage'],
};

let ctx: TestContext;
let tenant: AdminTenant;
let other: AdminTenant;
const callers: Record<string, string | undefined> = {};
let keyByScope: Record<string, string>;
let staffByRole: Record<string, string>;

/** A staff account opened by the operator and a session of it made directly (the login itself is staff.test.ts's). */
async function staffSession(of: AdminTenant, role: 'admin' | 'staff', at: Date): Promise<string> {
  const response = await operatorRequest(ctx, 'POST', `/tenants/${of.slug}/staff`, { email: `${role}-${crypto.randomUUID()}@example.lv`, name: role, role });
  expect(response.status).toBe(201);
  const { staff } = (await response.json()) as { staff: { id: string } };
  return (await ctx.database.withTenant(of.id, (trx) => createStaffSession(trx, { tenantId: of.id, staffId: staff.id, stage: 'active', now: at }))).token;
}

beforeAll(async () => {
  ctx = await createTestApp();
  tenant = await createAdminTenant(ctx, 'matrix');
  other = await createAdminTenant(ctx, 'elsewhere');
  const revoked = await createKey(ctx, tenant, ['read', 'write']);
  expect((await adminRequest(ctx, tenant, tenant.key, 'DELETE', `/keys/${revoked.key.id}`)).status).toBe(204);
  const expiring = await createKey(ctx, tenant, ['read', 'write'], { expiresAt: new Date(ctx.clock.now().getTime() + 1000).toISOString() });
  ctx.clock.advance(2000);
  const user = await createUser(ctx.database, tenant.id, 'resident@example.lv');
  const now = ctx.clock.now();
  const session = await ctx.database.withTenant(tenant.id, (trx) => createSession(trx, { tenantId: tenant.id, userId: user.id, remember: false, authLevel: 'basic', now }));
  const residentToken = (await signAccessToken(ctx.deps.keys, { userId: user.id, tenantId: tenant.id, sessionId: session.sessionId, authLevel: 'basic', mustChangePassword: false }, now)).token;

  const expiredStaff = await staffSession(tenant, 'admin', new Date(now.getTime() - 31 * 60 * 1000));
  const otherStaff = await staffSession(other, 'admin', now);
  const staffForLoginToken = await operatorRequest(ctx, 'POST', `/tenants/${tenant.slug}/staff`, { email: 'halfway@example.lv', name: 'Halfway', role: 'admin' });
  const halfwayId = ((await staffForLoginToken.json()) as { staff: { id: string } }).staff.id;
  const loginToken = (await ctx.database.withTenant(tenant.id, (trx) => createStaffSession(trx, { tenantId: tenant.id, staffId: halfwayId, stage: 'password', now }))).token;

  Object.assign(callers, {
    'an expired staff session': expiredStaff,
    "another tenant's staff session": otherStaff,
    "a staff login token (password step only)": loginToken,
    'no key': undefined,
    'malformed key': 'dsk_not-a-real-key',
    'revoked key': revoked.secret,
    'expired key': expiring.secret,
    "another tenant's key": other.key,
    "a resident's token": residentToken,
    "the operator's token": OPERATOR_TOKEN,
  });
  keyByScope = { read: (await createKey(ctx, tenant, ['read'])).secret, write: (await createKey(ctx, tenant, ['write'])).secret };
  staffByRole = { admin: await staffSession(tenant, 'admin', now), staff: await staffSession(tenant, 'staff', now) };
});
afterAll(() => ctx.close());

const fill = (route: string) => route.split(' ')[1]!.replace(/\{\w+\}/g, () => crypto.randomUUID());
const methodOf = (route: string) => route.split(' ')[0]!;
const bodyFor = (route: string) => (methodOf(route) === 'GET' || methodOf(route) === 'DELETE' ? undefined : {});

async function writtenRows() {
  const count = async (table: 'audit_log' | 'api_keys') => Number((await ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { audit: await count('audit_log'), keys: await count('api_keys') };
}

test('the rulebook by hand covers every admin action', () => {
  expect([...new Set(Object.values(KEY_SCOPE_OPENS).flat())].sort()).toEqual([...ALL_ADMIN_ACTIONS].sort());
  expect([...STAFF_ROLE_OPENS.admin!].sort()).toEqual([...ALL_ADMIN_ACTIONS].sort());
});

test('every admin route has a declared action, and every declared action still has its route', async () => {
  const routes = adminRoutes(ctx.app);
  expect(routes.length).toBeGreaterThan(0);
  expect(routes.filter((r) => !(r in ADMIN_ROUTE_ACTIONS)), 'admin routes missing from admin-access.expectations.ts').toEqual([]);
  expect(Object.keys(ADMIN_ROUTE_ACTIONS).filter((r) => !routes.includes(r)), 'expectations without a route').toEqual([]);
});

describe('admin routes refuse every caller that is not a live key of the tenant', () => {
  test.each(Object.keys(ADMIN_ROUTE_ACTIONS))('%s', async (route) => {
    const before = await writtenRows();
    for (const [who, credential] of Object.entries(callers)) {
      const response = await adminRequest(ctx, tenant, credential, methodOf(route), fill(route), bodyFor(route));
      expect({ who, status: response.status }).toEqual({ who, status: 401 });
      expect(typeof ((await response.json()) as { error: { code: unknown } }).error.code).toBe('string');
    }
    expect(await writtenRows()).toEqual(before);
  });
});

describe('a key without the scope the route needs gets 403; with it, it gets past the door', () => {
  test.each(Object.keys(ADMIN_ROUTE_ACTIONS))('%s', async (route) => {
    const action = ADMIN_ROUTE_ACTIONS[route]!;
    for (const [scope, key] of Object.entries(keyByScope)) {
      const before = await writtenRows();
      const response = await adminRequest(ctx, tenant, key, methodOf(route), fill(route), bodyFor(route));
      const allowed = KEY_SCOPE_OPENS[scope]!.includes(action);
      if (allowed) {
        expect({ scope, status: response.status }).not.toEqual({ scope, status: 403 });
        expect(response.status).not.toBe(401);
        expect(response.status).toBeLessThan(500);
      } else {
        expect({ scope, status: response.status }).toEqual({ scope, status: 403 });
        expect(await writtenRows()).toEqual(before);
      }
    }
  });
});

describe('staff: a role without the action gets 403 with nothing written; with it, past the door', () => {
  test.each(Object.keys(ADMIN_ROUTE_ACTIONS))('%s', async (route) => {
    const action = ADMIN_ROUTE_ACTIONS[route]!;
    for (const [role, token] of Object.entries(staffByRole)) {
      const before = await writtenRows();
      const response = await adminRequest(ctx, tenant, token, methodOf(route), fill(route), bodyFor(route));
      if (STAFF_ROLE_OPENS[role]!.includes(action)) {
        expect({ role, status: response.status }).not.toEqual({ role, status: 403 });
        expect(response.status).not.toBe(401);
        expect(response.status).toBeLessThan(500);
      } else {
        expect({ role, status: response.status }).toEqual({ role, status: 403 });
        expect(await writtenRows()).toEqual(before);
      }
    }
  });
});

describe('resident routes answer 401 to an admin key and to a staff session', () => {
  test('every one, staff', async () => {
    for (const route of residentRoutes(ctx.app)) {
      // The staff login routes are the staff's own (staff.test.ts), not resident routes.
      if (route.includes(' /staff/')) continue;
      const body = bodyFor(route);
      const response = await ctx.app.request(`/v1/${tenant.slug}${fill(route)}`, {
        method: methodOf(route),
        headers: { authorization: `Bearer ${staffByRole.admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });

  test('every one', async () => {
    const routes = residentRoutes(ctx.app);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const body = bodyFor(route);
      const response = await ctx.app.request(`/v1/${tenant.slug}${fill(route)}`, {
        method: methodOf(route),
        headers: { authorization: `Bearer ${tenant.key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect({ route, status: response.status }).toEqual({ route, status: 401 });
    }
  });
});

describe('operator routes answer 401 to anything but the operator token', () => {
  test('every one', async () => {
    const routes = operatorRoutes(ctx.app);
    expect(routes).toContain('POST /tenants');
    const before = await writtenRows();
    for (const route of routes) {
      for (const credential of ['', tenant.key, callers["a resident's token"]!, `${OPERATOR_TOKEN}x`]) {
        const response = await operatorRequest(ctx, methodOf(route), fill(route).replace(/\/[0-9a-f-]{36}/g, '/matrix'), bodyFor(route), credential);
        expect({ route, status: response.status }).toEqual({ route, status: 401 });
      }
    }
    expect(await writtenRows()).toEqual(before);
  });
});
