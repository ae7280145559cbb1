/**
 * GET /me: the user and every premise it reaches — what <address-switcher> shows and what the
 * widgets use to hide what the user may not do.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, createPremise, createTenant, createUser, createTestApp, grant, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = (await createTenant(ctx.database, 'ogre')).id;
  const ludza = (await createTenant(ctx.database, 'ludza')).id;
  const a = await createPremise(ctx.database, ogre, 'Malkalnes prospekts 3-111', '12345');
  const b = await createPremise(ctx.database, ogre, 'Brīvības iela 12-4', '22222');
  const c = await createPremise(ctx.database, ogre, 'Skolas iela 8-1', '33333');
  const foreign = await createPremise(ctx.database, ludza, 'Raiņa iela 1-1', '12345');
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, buildingA: a.building_id, foreign: foreign.id });
  const anna = await createUser(ctx.database, ogre, 'anna@example.lv', { name: 'Anna Bērziņa' });
  await grant(ctx.database, ogre, anna.id, a.id, 'owner');
  await grant(ctx.database, ogre, anna.id, b.id, 'proxy');
  await grant(ctx.database, ogre, anna.id, c.id, 'member', ['readings']);
  const annaThere = await createUser(ctx.database, ludza, 'anna@example.lv');
  await grant(ctx.database, ludza, annaThere.id, foreign.id, 'owner');
  const single = await createUser(ctx.database, ogre, 'single@example.lv');
  await grant(ctx.database, ogre, single.id, a.id, 'member', ['invoices']);
  ids.single = single.id;
  await createUser(ctx.database, ogre, 'nobody@example.lv');
  const temp = await createUser(ctx.database, ogre, 'temp@example.lv', { mustChangePassword: true });
  await grant(ctx.database, ogre, temp.id, b.id, 'owner');
});
afterAll(() => ctx.close());

async function me(email: string) {
  const { accessToken } = await login(ctx, 'ogre', email);
  const response = await call(ctx, 'GET', '/v1/ogre/me', { token: accessToken });
  expect(response.status).toBe(200);
  return response.json();
}

test('lists every premise the user reaches, by label, with account number, building, role, rights and actions', async () => {
  const body = await me('anna@example.lv');
  expect(body.user).toMatchObject({ email: 'anna@example.lv', name: 'Anna Bērziņa', language: 'lv', mustChangePassword: false, authLevel: 'basic' });
  expect(body.premises.map((p: { label: string }) => p.label)).toEqual(['Brīvības iela 12-4', 'Malkalnes prospekts 3-111', 'Skolas iela 8-1']);
  const [proxy, owner, member] = body.premises;
  expect(owner).toEqual({
    id: ids.a,
    label: 'Malkalnes prospekts 3-111',
    accountNumber: '12345',
    building: { id: ids.buildingA, address: 'Malkalnes prospekts 3', city: 'Ogre' },
    role: 'owner',
    rights: ['invoices', 'readings'],
    actions: ['premise.view', 'notices.view', 'readings.view', 'readings.submit', 'invoices.view', 'documents.view', 'threads.use', 'members.manage'],
  });
  expect(proxy).toMatchObject({ role: 'proxy', rights: ['invoices', 'readings'] });
  expect(proxy.actions).toContain('members.manage');
  expect(member).toMatchObject({ role: 'member', rights: ['readings'], actions: ['premise.view', 'notices.view', 'readings.view', 'readings.submit'] });
});

test("never lists the same email's premises at another manager", async () => {
  const body = await me('anna@example.lv');
  expect(JSON.stringify(body)).not.toContain(ids.foreign);
  expect(JSON.stringify(body)).not.toContain('Raiņa');
});

test('one address: one entry; none: an empty list', async () => {
  expect((await me('single@example.lv')).premises).toHaveLength(1);
  expect((await me('nobody@example.lv')).premises).toEqual([]);
});

test('answers during a forced password change, so the widget knows what to show', async () => {
  const body = await me('temp@example.lv');
  expect(body.user.mustChangePassword).toBe(true);
  expect(body.premises).toHaveLength(1);
});

test("a change to the user's grants shows on the next request with the same token", async () => {
  const { accessToken } = await login(ctx, 'ogre', 'single@example.lv');
  await ctx.database.db.updateTable('grants').set({ rights: ['invoices', 'readings'] }).where('user_id', '=', ids.single!).execute();
  const after = await (await call(ctx, 'GET', '/v1/ogre/me', { token: accessToken })).json();
  expect(after.premises[0].rights).toEqual(['invoices', 'readings']);
  await ctx.database.db.deleteFrom('grants').where('user_id', '=', ids.single!).execute();
  expect((await (await call(ctx, 'GET', '/v1/ogre/me', { token: accessToken })).json()).premises).toEqual([]);
});

test('401 without a token, with a bad one, and with another tenant’s', async () => {
  expect((await call(ctx, 'GET', '/v1/ogre/me')).status).toBe(401);
  expect((await call(ctx, 'GET', '/v1/ogre/me', { token: 'not.a.jwt' })).status).toBe(401);
  const there = await login(ctx, 'ludza', 'anna@example.lv');
  expect((await call(ctx, 'GET', '/v1/ogre/me', { token: there.accessToken })).status).toBe(401);
});

test("names the tenant's time zone, the one widgets show every date and time in", async () => {
  expect((await me('anna@example.lv')).tenant).toEqual({ timeZone: 'Europe/Riga' });
  // Another manager in another zone (set before its first request, so no cache holds the old row).
  const vilnius = await createTenant(ctx.database, 'vilnius');
  await ctx.database.db.updateTable('tenants').set({ time_zone: 'Europe/Vilnius' }).where('id', '=', vilnius.id).execute();
  await createUser(ctx.database, vilnius.id, 'ona@example.lt');
  const { accessToken } = await login(ctx, 'vilnius', 'ona@example.lt');
  const body = await (await call(ctx, 'GET', '/v1/vilnius/me', { token: accessToken })).json();
  expect(body.tenant).toEqual({ timeZone: 'Europe/Vilnius' });
});
