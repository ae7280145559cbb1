/**
 * Tenants and keys: the operator creates a tenant and receives its first key once; keys are
 * stored only as hashes; a tenant's keys are listed without secrets, created with scopes and
 * expiry, revoked (rotation = create the new, revoke the old); every bad key answers the same 401;
 * every admin write is in the audit log with the key that made it; a disabled tenant is gone.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAdminTenant, adminRequest, createKey, operatorRequest, type AdminTenant } from './support/admin.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre', { timeZone: 'Europe/Riga', windowRule: { kind: 'fixed_days', fromDay: 25, toDay: 28 } });
  ludza = await createAdminTenant(ctx, 'ludza');
});
afterAll(() => ctx.close());

describe('the operator', () => {
  test('creates a tenant with its settings and a first key that is shown once and stored as a hash only', async () => {
    const response = await operatorRequest(ctx, 'GET', '/tenants/ogre');
    expect(response.status).toBe(200);
    const { tenant } = (await response.json()) as { tenant: Record<string, unknown> };
    expect(tenant).toMatchObject({ slug: 'ogre', timeZone: 'Europe/Riga', windowRule: { kind: 'fixed_days', fromDay: 25, toDay: 28 }, disabled: false });
    expect(ogre.key).toMatch(/^dsk_[A-Za-z0-9_-]{43}$/);

    const rows = await ctx.database.db.selectFrom('api_keys').selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(ogre.key);
    expect(dump).not.toContain(ogre.key.slice(12));
    const list = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/keys')).json();
    expect(JSON.stringify(list)).not.toContain(ogre.key.slice(12));
  });

  test('refuses a taken slug, a reserved one, a bad origin, an unknown zone and an impossible window rule', async () => {
    const taken = await operatorRequest(ctx, 'POST', '/tenants', { slug: 'ogre', name: 'Again', allowedOrigins: [] });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe('slug_taken');

    const bad = await operatorRequest(ctx, 'POST', '/tenants', {
      slug: 'operator',
      name: 'X',
      allowedOrigins: ['https://ok.lv', 'http://plain.lv', 'https://path.lv/page', 'https://ok.lv/'],
      timeZone: 'Mars/Olympus',
      windowRule: { kind: 'fixed_days', fromDay: 28, toDay: 25 },
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toMatchObject({
      slug: 'reserved',
      'allowedOrigins.1': 'invalid_origin',
      'allowedOrigins.2': 'invalid_origin',
      'allowedOrigins.3': 'invalid_origin',
      timeZone: 'unknown_time_zone',
    });
    expect(Object.keys(error.fields).some((field) => field.startsWith('windowRule'))).toBe(true);
    expect(await ctx.database.db.selectFrom('tenants').select('slug').where('slug', '=', 'operator').executeTakeFirst()).toBeUndefined();
  });

  test('lists tenants and changes one; a changed origin list is what CORS uses next', async () => {
    const list = (await (await operatorRequest(ctx, 'GET', '/tenants')).json()) as { tenants: { slug: string }[] };
    expect(list.tenants.map((t) => t.slug)).toEqual(['ludza', 'ogre']);
    const changed = await operatorRequest(ctx, 'PATCH', '/tenants/ludza', { allowedOrigins: ['https://www.ludzasnami.lv'], name: 'Ludzas namu pārvalde' });
    expect(changed.status).toBe(200);
    expect((await changed.json()).tenant).toMatchObject({ allowedOrigins: ['https://www.ludzasnami.lv'], name: 'Ludzas namu pārvalde' });
    const preflight = await ctx.app.request('/v1/ludza/auth/login', {
      method: 'OPTIONS',
      headers: { origin: 'https://www.ludzasnami.lv', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.ludzasnami.lv');
  });

  test('a wrong or missing operator token, or a tenant key, answers 401 and changes nothing', async () => {
    for (const token of ['', 'x'.repeat(40), ogre.key]) {
      const response = await operatorRequest(ctx, 'POST', '/tenants', { slug: 'sneaky', name: 'S', allowedOrigins: [] }, token);
      expect(response.status).toBe(401);
    }
    expect(await ctx.database.db.selectFrom('tenants').select('slug').where('slug', '=', 'sneaky').executeTakeFirst()).toBeUndefined();
  });

  test('without a configured operator token the operator API does not exist', async () => {
    const off = await createTestApp({ config: { demoMode: false, trustProxy: true } });
    try {
      const response = await off.app.request('/v1/operator/tenants', { headers: { authorization: 'Bearer anything-at-all-that-is-long-enough-000' } });
      expect(response.status).toBe(404);
    } finally {
      await off.close();
    }
  });

  test('gives a tenant a new key when its manager lost every key', async () => {
    const response = await operatorRequest(ctx, 'POST', '/tenants/ludza/keys', { name: 'Replacement', scopes: ['read', 'write'] });
    expect(response.status).toBe(201);
    const { secret } = (await response.json()) as { secret: string };
    expect((await adminRequest(ctx, ludza, secret, 'GET', '/keys')).status).toBe(200);
  });
});

describe("a tenant's keys", () => {
  test('are listed without secrets, with scopes and state', async () => {
    const response = await adminRequest(ctx, ogre, ogre.key, 'GET', '/keys');
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys[0]).toMatchObject({ name: 'First key', scopes: ['read', 'write'], status: 'active', revokedAt: null });
    expect(keys[0]!.prefix).toBe(ogre.key.slice(0, 10));
    expect(keys[0]).not.toHaveProperty('secret');
  });

  test('rotate: the new key works, the old one is revoked and then answers exactly as a made-up key does', async () => {
    const tenant = await createAdminTenant(ctx, 'rotate');
    const fresh = await createKey(ctx, tenant, ['read', 'write']);
    const oldId = ((await (await adminRequest(ctx, tenant, tenant.key, 'GET', '/keys')).json()) as { keys: { id: string; name: string }[] }).keys.find(
      (k) => k.name === 'First key',
    )!.id;
    expect((await adminRequest(ctx, tenant, fresh.secret, 'DELETE', `/keys/${oldId}`)).status).toBe(204);

    const revoked = await adminRequest(ctx, tenant, tenant.key, 'GET', '/keys');
    const madeUp = await adminRequest(ctx, tenant, `dsk_${'A'.repeat(43)}`, 'GET', '/keys');
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual(await madeUp.json());
    expect((await adminRequest(ctx, tenant, fresh.secret, 'GET', '/keys')).status).toBe(200);
    // Revoking again is fine; an unknown id is not there.
    expect((await adminRequest(ctx, tenant, fresh.secret, 'DELETE', `/keys/${oldId}`)).status).toBe(204);
    expect((await adminRequest(ctx, tenant, fresh.secret, 'DELETE', `/keys/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await adminRequest(ctx, tenant, fresh.secret, 'DELETE', '/keys/not-a-uuid')).status).toBe(404);
  });

  test('an expired key answers like any invalid key; an expiry in the past is refused', async () => {
    const soon = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
    const short = await createKey(ctx, ogre, ['read'], { expiresAt: soon });
    expect((await adminRequest(ctx, ogre, short.secret, 'GET', '/keys')).status).toBe(403);
    ctx.clock.advance(61_000);
    const expired = await adminRequest(ctx, ogre, short.secret, 'GET', '/keys');
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.code).toBe('invalid_api_key');
    const past = await adminRequest(ctx, ogre, ogre.key, 'POST', '/keys', { name: 'late', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect((await past.json()).error.code).toBe('expiry_in_past');
  });

  test('a read-only key may not make keys (so it cannot mint itself a stronger one)', async () => {
    const reader = await createKey(ctx, ogre, ['read']);
    const response = await adminRequest(ctx, ogre, reader.secret, 'POST', '/keys', { name: 'stronger', scopes: ['read', 'write'] });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('insufficient_scope');
    // Refused before the body is looked at: a broken body gets the same answer.
    const broken = await adminRequest(ctx, ogre, reader.secret, 'POST', '/keys', { name: 42 });
    expect(broken.status).toBe(403);
  });

  test("another tenant's key, a malformed one and a resident's token all answer the same 401", async () => {
    const answers = [];
    for (const key of [ludza.key, 'dsk_short', 'not-a-key', `${ogre.key}x`, 'eyJhbGciOiJIUzI1NiJ9.e30.sig']) {
      const response = await adminRequest(ctx, ogre, key, 'GET', '/keys');
      expect(response.status).toBe(401);
      answers.push(await response.json());
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect((answers[0] as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });

  test('every admin write is audited with the key that made it; secrets are not in the log', async () => {
    const made = await createKey(ctx, ogre, ['read'], { name: 'audited' });
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'admin.key.created')
      .where('target_id', '=', made.key.id)
      .executeTakeFirstOrThrow();
    const firstKeyId = (await ctx.database.db.selectFrom('api_keys').select('id').where('tenant_id', '=', ogre.id).where('name', '=', 'First key').executeTakeFirstOrThrow()).id;
    expect(entry).toMatchObject({ tenant_id: ogre.id, actor_kind: 'api_key', api_key_id: firstKeyId });
    expect(JSON.stringify(entry)).not.toContain(made.secret.slice(10));
    const created = await ctx.database.db.selectFrom('audit_log').select(['actor_kind']).where('action', '=', 'admin.tenant.created').where('tenant_id', '=', ogre.id).executeTakeFirstOrThrow();
    expect(created.actor_kind).toBe('operator');
  });

  test('row-level security keeps keys inside their tenant even for an unscoped query', async () => {
    const seen = await ctx.database.withTenant(ogre.id, async (trx) => (await sql<{ tenant_id: string }>`select tenant_id from api_keys`.execute(trx)).rows);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([ogre.id]));
  });
});

describe('a disabled tenant', () => {
  test('is gone for its keys and its residents, and comes back when enabled', async () => {
    const tenant = await createAdminTenant(ctx, 'paused');
    expect((await operatorRequest(ctx, 'PATCH', '/tenants/paused', { disabled: true })).status).toBe(200);
    const keys = await adminRequest(ctx, tenant, tenant.key, 'GET', '/keys');
    expect(keys.status).toBe(404);
    expect((await keys.json()).error.code).toBe('tenant_not_found');
    const login = await ctx.app.request('/v1/paused/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.lv', password: 'whatever-long-enough' }),
    });
    expect(login.status).toBe(404);
    expect((await operatorRequest(ctx, 'PATCH', '/tenants/paused', { disabled: false })).status).toBe(200);
    expect((await adminRequest(ctx, tenant, tenant.key, 'GET', '/keys')).status).toBe(200);
  });
});
