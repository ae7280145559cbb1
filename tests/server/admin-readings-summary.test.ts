/**
 * The period at a glance (GET /admin/readings/summary): per building, premises that owe the period
 * readings, how many submitted all of them, how many have not. Worked out by hand on a constructed
 * tenant (two meters with one read is missing; a removed meter and one installed after the period
 * end owe nothing), checked against /readings/missing, and another tenant's look-alike data never
 * counted. Bad periods answer 400 validation_failed; a resident's token 401.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSession } from '../../server/auth/sessions.ts';
import { signAccessToken } from '../../server/auth/tokens.ts';
import { registryRows } from './support/registry-rows.ts';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { createTestApp, createUser, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;

const { ids, building, premise, meter, reading } = registryRows(() => ctx.database);

interface Summary {
  period: string;
  buildings: Array<{ buildingRef: string | null; address: string; owing: number; submitted: number; missing: number }>;
  totals: { owing: number; submitted: number; missing: number };
  more: boolean;
  error?: { code: string };
}
async function summary(query: string, tenant = ogre, key: string | null = tenant.key) {
  const response = await adminRequest(ctx, tenant, key ?? undefined, 'GET', `/readings/summary?${query}`);
  return { status: response.status, body: (await response.json()) as Summary };
}

beforeAll(async () => {
  ctx = await createTestApp({}, '2026-05-30T10:00:00Z');
  ogre = await createAdminTenant(ctx, 'ogre', { timeZone: 'Europe/Riga' });
  ludza = await createAdminTenant(ctx, 'ludza', { timeZone: 'Europe/Riga' });
  const t = ogre.id;
  await building(t, 'B-1', 'Brīvības iela 1');
  await building(t, 'B-2', 'Skolas iela 2');
  await building(t, 'B-3', 'Tukšā iela 3'); // no premises: listed with zeros
  // B-1: P-1 two meters, only one read → missing; P-2 both read (one old version not current) → submitted;
  // P-5 only a removed meter → owes nothing.
  await premise(t, 'B-1', 'P-1');
  await premise(t, 'B-1', 'P-2');
  await premise(t, 'B-1', 'P-5');
  await meter(t, 'P-1', 'M-1a', 'cold_water');
  await meter(t, 'P-1', 'M-1b', 'hot_water');
  await meter(t, 'P-2', 'M-2a', 'cold_water', { installed_at: '2026-05-31' });
  await meter(t, 'P-2', 'M-2b', 'heat');
  await meter(t, 'P-2', 'M-2old', 'cold_water', { removed_at: '2026-05-20' }); // removed: owes nothing, no reading needed
  await meter(t, 'P-5', 'M-5old', 'cold_water', { removed_at: '2026-05-31' });
  await reading(t, 'M-1a', '2026-05', '10');
  await reading(t, 'M-1b', '2026-04', '5'); // April's reading does not count for May
  await reading(t, 'M-2a', '2026-05', '1');
  await reading(t, 'M-2b', '2026-05', '2', { version: 1, is_current: false });
  await reading(t, 'M-2b', '2026-05', '3', { version: 2 });
  // B-2: P-3 read meter + one installed after May → submitted for May, missing for June;
  // P-4 a meter whose only May reading is not current → missing; P-6 only a meter installed in June → owes nothing in May.
  await premise(t, 'B-2', 'P-3');
  await premise(t, 'B-2', 'P-4');
  await premise(t, 'B-2', 'P-6');
  await meter(t, 'P-3', 'M-3', 'cold_water');
  await meter(t, 'P-3', 'M-3new', 'hot_water', { installed_at: '2026-06-01' });
  await meter(t, 'P-4', 'M-4', 'electricity');
  await meter(t, 'P-6', 'M-6', 'gas', { installed_at: '2026-06-10' });
  await reading(t, 'M-3', '2026-05', '7');
  await reading(t, 'M-4', '2026-05', '8', { is_current: false });
  // Ludza: look-alike refs and many more premises, all owing and none read.
  await building(ludza.id, 'L-1', 'Brīvības iela 1');
  for (const n of [1, 2, 3, 4]) {
    await premise(ludza.id, 'L-1', `LP-${n}`);
    await meter(ludza.id, `LP-${n}`, `LM-${n}`, 'cold_water');
  }
  await reading(ludza.id, 'LM-1', '2026-05', '1');
});
afterAll(() => ctx.close());

describe('readings summary', () => {
  test('counts per building by the owing rule, every building listed, with totals', async () => {
    const { status, body } = await summary('period=2026-05');
    expect(status).toBe(200);
    expect(body).toEqual({
      period: '2026-05',
      buildings: [
        { buildingRef: 'B-1', address: 'Brīvības iela 1', owing: 2, submitted: 1, missing: 1 },
        { buildingRef: 'B-2', address: 'Skolas iela 2', owing: 2, submitted: 1, missing: 1 },
        { buildingRef: 'B-3', address: 'Tukšā iela 3', owing: 0, submitted: 0, missing: 0 },
      ],
      totals: { owing: 4, submitted: 2, missing: 2 },
      more: false,
    });
  });

  test('a meter installed after the period end owes the next period', async () => {
    const { body } = await summary('period=2026-06');
    // June: nothing read; P-1, P-2, P-3 (M-3, M-3new), P-4 and P-6 (M-6) owe; P-5's meter was removed.
    expect(body.buildings.map((b) => [b.buildingRef, b.owing, b.submitted, b.missing])).toEqual([
      ['B-1', 2, 0, 2],
      ['B-2', 3, 0, 3],
      ['B-3', 0, 0, 0],
    ]);
    expect(body.totals).toEqual({ owing: 5, submitted: 0, missing: 5 });
    // Before any meter was removed (April): P-5's meter and P-2's old one owe; M-2a (installed 31 May) does not.
    const april = await summary('period=2026-04');
    expect(april.body.buildings.find((b) => b.buildingRef === 'B-1')).toMatchObject({ owing: 3, submitted: 0, missing: 3 });
    expect(april.body.buildings.find((b) => b.buildingRef === 'B-2')).toMatchObject({ owing: 2, submitted: 0, missing: 2 });
  });

  test('missing per building agrees with GET /readings/missing', async () => {
    for (const period of ['2026-04', '2026-05', '2026-06']) {
      const { body } = await summary(`period=${period}`);
      const response = await adminRequest(ctx, ogre, ogre.key, 'GET', `/readings/missing?period=${period}&limit=1000`);
      const page = (await response.json()) as { items: Array<{ building: string }> };
      for (const b of body.buildings) expect([period, b.buildingRef, b.missing]).toEqual([period, b.buildingRef, page.items.filter((p) => p.building === b.buildingRef).length]);
    }
  });

  test("another tenant's data is never counted", async () => {
    const ours = await summary('period=2026-05');
    expect(JSON.stringify(ours.body)).not.toContain('L-1');
    const theirs = await summary('period=2026-05', ludza);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual({
      period: '2026-05',
      buildings: [{ buildingRef: 'L-1', address: 'Brīvības iela 1', owing: 4, submitted: 1, missing: 3 }],
      totals: { owing: 4, submitted: 1, missing: 3 },
      more: false,
    });
  });

  test('a read-only key may ask', async () => {
    const { secret } = await createKey(ctx, ogre, ['read']);
    const { status, body } = await summary('period=2026-05', ogre, secret);
    expect(status).toBe(200);
    expect(body.totals.owing).toBe(4);
  });

  test.each(['', 'period=2026-13', 'period=2026-5', 'period=05-2026', 'period=2026-05-01', "period=2026-05'--"])('bad period %j → 400 validation_failed', async (query) => {
    const { status, body } = await summary(query);
    expect(status).toBe(400);
    expect(body.error?.code).toBe('validation_failed');
  });

  test("no key, another tenant's key, a resident's token → 401", async () => {
    expect((await summary('period=2026-05', ogre, null)).status).toBe(401);
    expect((await summary('period=2026-05', ogre, ludza.key)).status).toBe(401);
    const user = await createUser(ctx.database, ogre.id, 'resident@example.lv');
    const now = ctx.clock.now();
    const session = await ctx.database.withTenant(ogre.id, (trx) => createSession(trx, { tenantId: ogre.id, userId: user.id, remember: false, authLevel: 'basic', now }));
    const token = (await signAccessToken(ctx.deps.keys, { userId: user.id, tenantId: ogre.id, sessionId: session.sessionId, authLevel: 'basic', mustChangePassword: false }, now)).token;
    const { status, body } = await summary('period=2026-05', ogre, token);
    expect(status).toBe(401);
    expect(JSON.stringify(body)).not.toContain('B-1');
  });
});
