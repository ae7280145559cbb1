/**
 * Invitations at their edges: expired, reused, another manager's link, an existing account that
 * gets linked, accounts that are pending or disabled, an inviter who lost the premise, racing
 * acceptances, and bodies that try to carry a role, rights or a tenant of their own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, PASSWORD, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: string;
let riga: string;
let flat: string;
let otherFlat: string;

const NEW_PASSWORD = 'Zalas-Liepas-77';
const DAY = 24 * 3600 * 1000;

async function newestToken(email: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('recipient', '=', email)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return /#token=([A-Za-z0-9_-]+)&flow=invitation/.exec(row.text_body)![1]!;
}

/** Invites `email` to `premiseId` as Anna (fresh token each time: the clock moves in these tests). */
async function inviteAs(email: string, premiseId = flat, rights = ['invoices'], tenant = 'ogre', who = 'anna@example.lv') {
  const token = (await login(ctx, tenant, who)).accessToken;
  const response = await call(ctx, 'POST', `/v1/${tenant}/premises/${premiseId}/members`, { token, body: { email, rights } });
  expect(response.status, await response.clone().text()).toBe(201);
  return newestToken(email);
}

const lookup = (token: unknown, tenant = 'ogre') => call(ctx, 'POST', `/v1/${tenant}/invitations/lookup`, { body: { token } });
const accept = (body: Record<string, unknown>, tenant = 'ogre') => call(ctx, 'POST', `/v1/${tenant}/invitations/accept`, { body });
const errorOf = async (response: Response) => ({ status: response.status, code: (await response.json()).error?.code });

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = (await createTenant(ctx.database, 'ogre')).id;
  riga = (await createTenant(ctx.database, 'riga')).id;
  flat = (await createPremise(ctx.database, ogre, 'Malkalnes prospekts 3-111', '12345')).id;
  otherFlat = (await createPremise(ctx.database, ogre, 'Skolas iela 8-4', '12346')).id;
  const anna = await createUser(ctx.database, ogre, 'anna@example.lv');
  await grant(ctx.database, ogre, anna.id, flat, 'owner');
  await grant(ctx.database, ogre, anna.id, otherFlat, 'owner');
  const rigaFlat = await createPremise(ctx.database, riga, 'Brīvības iela 1-1', '12345');
  const rigaAnna = await createUser(ctx.database, riga, 'anna@example.lv');
  await grant(ctx.database, riga, rigaAnna.id, rigaFlat.id, 'owner');
});
afterAll(() => ctx.close());

describe('links that no longer work', () => {
  test('an expired link fails with invitation_expired, in lookup and acceptance alike', async () => {
    const token = await inviteAs('late@example.lv');
    ctx.clock.advance(7 * DAY - 1000);
    expect((await lookup(token)).status).toBe(200);
    ctx.clock.advance(1000);
    expect(await errorOf(await lookup(token))).toEqual({ status: 422, code: 'invitation_expired' });
    expect(await errorOf(await accept({ token, password: NEW_PASSWORD }))).toEqual({ status: 422, code: 'invitation_expired' });
    const users = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'late@example.lv').execute();
    expect(users).toEqual([]);
  });

  test("the lifetime follows the tenant's settings.invitationDays", async () => {
    await ctx.database.db.updateTable('tenants').set({ settings: JSON.stringify({ invitationDays: 2 }) }).where('id', '=', ogre).execute();
    ctx.app.tenants.forget();
    try {
      const token = await inviteAs('short@example.lv');
      ctx.clock.advance(2 * DAY);
      expect(await errorOf(await lookup(token))).toEqual({ status: 422, code: 'invitation_expired' });
    } finally {
      await ctx.database.db.updateTable('tenants').set({ settings: JSON.stringify({}) }).where('id', '=', ogre).execute();
      ctx.app.tenants.forget();
    }
  });

  test('a used link fails with invitation_used', async () => {
    const token = await inviteAs('once@example.lv');
    expect((await accept({ token, password: NEW_PASSWORD })).status).toBe(200);
    expect(await errorOf(await lookup(token))).toEqual({ status: 409, code: 'invitation_used' });
    expect(await errorOf(await accept({ token, password: 'Another-Pass-2026' }))).toEqual({ status: 409, code: 'invitation_used' });
    // The second attempt did not change the password.
    await login(ctx, 'ogre', 'once@example.lv', NEW_PASSWORD);
  });

  test("another manager's link is not found here, and the tenant in the path decides", async () => {
    const token = await inviteAs('cross@example.lv');
    expect(await errorOf(await lookup(token, 'riga'))).toEqual({ status: 404, code: 'invitation_not_found' });
    expect(await errorOf(await accept({ token, password: NEW_PASSWORD }, 'riga'))).toEqual({ status: 404, code: 'invitation_not_found' });
    expect(await ctx.database.db.selectFrom('users').select('id').where('tenant_id', '=', riga).where('email', '=', 'cross@example.lv').execute()).toEqual([]);
    // Still usable where it belongs.
    expect((await lookup(token)).status).toBe(200);
  });

  test('unknown, malformed and oversized tokens are answered without a 500', async () => {
    expect(await errorOf(await lookup('x'))).toEqual({ status: 404, code: 'invitation_not_found' });
    expect(await errorOf(await lookup("' or 1=1 --"))).toEqual({ status: 404, code: 'invitation_not_found' });
    expect(await errorOf(await lookup('a'.repeat(201)))).toEqual({ status: 400, code: 'validation_failed' });
    expect(await errorOf(await lookup(''))).toEqual({ status: 400, code: 'validation_failed' });
    expect(await errorOf(await lookup(42))).toEqual({ status: 400, code: 'validation_failed' });
    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/invitations/accept', { rawBody: '{"token":' }))).toEqual({ status: 400, code: 'invalid_json' });
  });

  test('the link is stored only as a hash', async () => {
    const token = await inviteAs('hash@example.lv');
    const rows = await ctx.database.db.selectFrom('email_tokens').select(['token_hash', 'payload']).where('email', '=', 'hash@example.lv').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(JSON.stringify(rows[0]!.payload)).not.toContain(token);
  });

  test('when the inviter no longer manages the premise, the link is withdrawn', async () => {
    const seller = await createUser(ctx.database, ogre, 'seller@example.lv');
    const sold = await createPremise(ctx.database, ogre, 'Parka iela 5-6', '55555');
    await grant(ctx.database, ogre, seller.id, sold.id, 'owner');
    const token = await inviteAs('buyer-friend@example.lv', sold.id, ['invoices'], 'ogre', 'seller@example.lv');
    await ctx.database.db.deleteFrom('grants').where('user_id', '=', seller.id).execute();
    expect(await errorOf(await lookup(token))).toEqual({ status: 422, code: 'invitation_withdrawn' });
    expect(await errorOf(await accept({ token, password: NEW_PASSWORD }))).toEqual({ status: 422, code: 'invitation_withdrawn' });
  });
});

describe('accounts that already exist', () => {
  test('an existing account is linked without a password, and its password stays; the email is in its language', async () => {
    const peteris = await createUser(ctx.database, ogre, 'peteris@example.lv');
    await ctx.database.db.updateTable('users').set({ language: 'ru' }).where('id', '=', peteris.id).execute();
    const token = await inviteAs('peteris@example.lv', flat, ['invoices', 'readings']);
    const mail = await ctx.database.db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'peteris@example.lv').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Приглашение на портал клиентов Tenant ogre');
    expect(mail.text_body).toContain('просмотр счетов и передача показаний счётчиков');

    expect(await (await lookup(token)).json()).toMatchObject({ accountExists: true });
    // A password sent along is not used: linking must not become a way to reset someone's password.
    const response = await accept({ token, password: 'Attacker-Chosen-1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'linked', email: 'peteris@example.lv' });
    const session = await login(ctx, 'ogre', 'peteris@example.lv', PASSWORD);
    const me = await (await call(ctx, 'GET', '/v1/ogre/me', { token: session.accessToken })).json();
    expect(me.premises).toEqual([expect.objectContaining({ id: flat, role: 'member', rights: ['invoices', 'readings'] })]);
    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'peteris@example.lv', password: 'Attacker-Chosen-1' } }))).toEqual({
      status: 401,
      code: 'invalid_credentials',
    });
  });

  test('an owner who accepts an invitation to its own premise keeps being the owner', async () => {
    const token = await inviteAs('coowner@example.lv', otherFlat);
    const coowner = await createUser(ctx.database, ogre, 'coowner@example.lv');
    await grant(ctx.database, ogre, coowner.id, otherFlat, 'owner');
    expect((await accept({ token })).status).toBe(200);
    const row = await ctx.database.db.selectFrom('grants').select(['role', 'rights']).where('user_id', '=', coowner.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'owner', rights: [] });
  });

  test('a pending (unconfirmed) account takes the password the invitee sets, and becomes active', async () => {
    await createUser(ctx.database, ogre, 'pending@example.lv', { status: 'pending', password: 'Someone-Elses-99' });
    const token = await inviteAs('pending@example.lv');
    expect(await (await lookup(token)).json()).toMatchObject({ accountExists: false });
    expect((await accept({ token })).status).toBe(400);
    const response = await accept({ token, password: NEW_PASSWORD });
    expect(await response.json()).toMatchObject({ outcome: 'created' });
    await login(ctx, 'ogre', 'pending@example.lv', NEW_PASSWORD);
    const user = await ctx.database.db.selectFrom('users').select(['status', 'email_confirmed_at']).where('email', '=', 'pending@example.lv').executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    expect(user.email_confirmed_at).not.toBeNull();
  });

  test('a disabled account cannot accept', async () => {
    await createUser(ctx.database, ogre, 'disabled@example.lv', { status: 'disabled' });
    const token = await inviteAs('disabled@example.lv');
    expect(await errorOf(await accept({ token }))).toEqual({ status: 422, code: 'account_disabled' });
    expect((await lookup(token)).status).toBe(200);
  });
});

describe('no escalation through the body', () => {
  test('an invitation body cannot carry a role, a tenant or a user', async () => {
    const ownerToken = (await login(ctx, 'ogre', 'anna@example.lv')).accessToken;
    for (const extra of [{ role: 'owner' }, { tenant_id: riga }, { tenantId: riga }, { userId: '00000000-0000-0000-0000-000000000001' }, { granted_by: null }]) {
      const response = await call(ctx, 'POST', `/v1/ogre/premises/${flat}/members`, {
        token: ownerToken,
        body: { email: 'sneaky@example.lv', rights: ['invoices'], ...extra },
      });
      expect(response.status, JSON.stringify(extra)).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: 'validation_failed', fields: { _: 'unknown_field' } });
    }
    expect(await ctx.database.db.selectFrom('email_outbox').select('id').where('recipient', '=', 'sneaky@example.lv').execute()).toEqual([]);
  });

  test('an acceptance cannot choose its role, rights, premises or tenant', async () => {
    const token = await inviteAs('escalate@example.lv');
    for (const extra of [{ role: 'owner' }, { rights: ['invoices', 'readings'] }, { premiseIds: [otherFlat] }, { tenant_id: riga }, { email: 'anna@example.lv' }]) {
      const response = await accept({ token, password: NEW_PASSWORD, ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(400);
    }
    expect((await accept({ token, password: NEW_PASSWORD })).status).toBe(200);
    const user = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'escalate@example.lv').executeTakeFirstOrThrow();
    const grants = await ctx.database.db.selectFrom('grants').select(['premise_id', 'role', 'rights', 'tenant_id']).where('user_id', '=', user.id).execute();
    expect(grants).toEqual([{ premise_id: flat, role: 'member', rights: ['invoices'], tenant_id: ogre }]);
  });

  test('a member cannot raise its own rights or role', async () => {
    const token = await inviteAs('climber@example.lv');
    await accept({ token, password: NEW_PASSWORD });
    const member = await login(ctx, 'ogre', 'climber@example.lv', NEW_PASSWORD);
    for (const body of [{ rights: ['invoices', 'readings'] }, { rights: ['invoices'], role: 'owner' }]) {
      const response = await call(ctx, 'PATCH', `/v1/ogre/premises/${flat}/members/${member.user.id}`, { token: member.accessToken, body });
      expect([400, 403]).toContain(response.status);
    }
    const ownerToken = (await login(ctx, 'ogre', 'anna@example.lv')).accessToken;
    const ownerPatch = await call(ctx, 'PATCH', `/v1/ogre/premises/${flat}/members/${member.user.id}`, {
      token: ownerToken,
      body: { rights: ['invoices'], role: 'owner' },
    });
    expect(await errorOf(ownerPatch)).toEqual({ status: 400, code: 'validation_failed' });
    const row = await ctx.database.db.selectFrom('grants').select(['role', 'rights']).where('user_id', '=', member.user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'member', rights: ['invoices'] });
  });
});

test('two acceptances of one link racing each other: exactly one wins', async () => {
  const token = await inviteAs('race@example.lv');
  const results = await Promise.all([accept({ token, password: NEW_PASSWORD }), accept({ token, password: NEW_PASSWORD })]);
  const statuses = results.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 409]);
  const user = await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'race@example.lv').executeTakeFirstOrThrow();
  expect(await ctx.database.db.selectFrom('grants').select('id').where('user_id', '=', user.id).execute()).toHaveLength(1);
  expect(await ctx.database.db.selectFrom('audit_log').select('id').where('action', '=', 'invitation.accepted').where('actor_id', '=', user.id).execute()).toHaveLength(1);
});
