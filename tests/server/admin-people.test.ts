/**
 * The manager's people and grants: an account with a temporary password that must be changed at
 * first login; an account invited by email (the email really arrives, in the resident's or the
 * tenant's language, and the link is accepted through the resident routes); owner and proxy
 * grants on premises by externalRef, a proxy's expiry that ends its access, a revoked grant that
 * disappears on the resident's next request; another tenant's ids, duplicate emails and bad input.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createMailRig, tokenFrom, type MailRig } from './support/mail.ts';
import { call, createPremise, createUser, grant, login, type TestContext, createTestApp } from './support/test-app.ts';

let ctx: TestContext;
let mail: MailRig;
let ogre: AdminTenant;
let riga: AdminTenant;

const NEW_PASSWORD = 'Zalas-Liepas-77';
const MINUTE = 60_000;

const admin = (method: string, path: string, body?: unknown, tenant = ogre) => adminRequest(ctx, tenant, tenant.key, method, path, body);
const errorOf = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { code: string; fields?: Record<string, unknown> } }).error });

/** A premise made straight in the database (the premises admin routes are another feature), with its externalRef. */
async function premise(tenant: AdminTenant, label: string, accountNumber: string, externalRef: string) {
  const row = await createPremise(ctx.database, tenant.id, label, accountNumber);
  await ctx.database.db.updateTable('premises').set({ external_ref: externalRef }).where('id', '=', row.id).execute();
  return { id: row.id, label, externalRef };
}

async function auditOf(action: string) {
  return ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

const me = async (token: string) => (await call(ctx, 'GET', '/v1/ogre/me', { token })).json();
const meters = (token: string, premiseId: string) => call(ctx, 'GET', `/v1/ogre/premises/${premiseId}/meters`, { token });

beforeAll(async () => {
  ctx = await createTestApp();
  mail = await createMailRig(ctx.database);
  ogre = await createAdminTenant(ctx, 'ogre');
  riga = await createAdminTenant(ctx, 'riga', { defaultLanguage: 'en' });
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});

describe('an account with a temporary password', () => {
  test('the server makes one, shows it once, and the resident must change it at first login', async () => {
    const flat = await premise(ogre, 'Brīvības iela 12-15', '13226', 'D-13226');
    const created = await admin('POST', '/users', { email: '  Janis@Example.LV ', name: 'Jānis Ozols', signIn: 'temporary_password' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { id: string; email: string; status: string; mustChangePassword: boolean }; temporaryPassword: string; invitation?: unknown };
    expect(body.user).toMatchObject({ email: 'janis@example.lv', status: 'active', mustChangePassword: true });
    expect(body.temporaryPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(body.invitation).toBeUndefined();

    // Stored only as a hash, and never written to the audit log.
    const stored = await ctx.database.db.selectFrom('users').selectAll().where('id', '=', body.user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const [entry] = await auditOf('admin.user.created');
    expect(entry).toMatchObject({ target_id: body.user.id, actor_kind: 'api_key' });
    expect(entry!.api_key_id).not.toBeNull();
    expect(JSON.stringify(entry)).not.toContain(body.temporaryPassword);
    // No email for an account with a temporary password: the manager hands it over.
    expect(await ctx.database.db.selectFrom('email_outbox').select('id').where('recipient', '=', 'janis@example.lv').execute()).toEqual([]);

    expect((await admin('PUT', `/premises/${flat.externalRef}/grants/${body.user.id}`, { role: 'owner' })).status).toBe(201);

    const session = await login(ctx, 'ogre', 'janis@example.lv', body.temporaryPassword);
    expect(session.user.mustChangePassword).toBe(true);
    expect((await me(session.accessToken)).user.mustChangePassword).toBe(true);
    expect(await errorOf(await meters(session.accessToken, flat.id))).toMatchObject({ status: 403, code: 'password_change_required' });

    const changed = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: session.accessToken,
      body: { currentPassword: body.temporaryPassword, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);
    const fresh = (await changed.json()) as { accessToken: string };
    expect((await meters(fresh.accessToken, flat.id)).status).toBe(200);
    expect((await (await admin('GET', `/users/${body.user.id}`)).json()).user.mustChangePassword).toBe(false);
  });

  test("the manager's own temporary password follows the password rules, and is not echoed back", async () => {
    const weak = await admin('POST', '/users', { email: 'weak@example.lv', signIn: 'temporary_password', temporaryPassword: 'short' });
    expect(await errorOf(weak)).toMatchObject({ status: 422, code: 'password_rejected', fields: { temporaryPassword: ['too_short'] } });
    const withEmail = await admin('POST', '/users', { email: 'weak@example.lv', signIn: 'temporary_password', temporaryPassword: 'weak@example.lv-2026' });
    expect(await errorOf(withEmail)).toMatchObject({ status: 422, fields: { temporaryPassword: ['contains_email'] } });
    expect(await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'weak@example.lv').execute()).toEqual([]);

    const typed = await admin('POST', '/users', { email: 'typed@example.lv', signIn: 'temporary_password', temporaryPassword: 'Ozolu-Birzs-4417' });
    expect(typed.status).toBe(201);
    expect((await typed.json()).temporaryPassword).toBeUndefined();
    expect((await login(ctx, 'ogre', 'typed@example.lv', 'Ozolu-Birzs-4417')).user.mustChangePassword).toBe(true);
  });
});

describe('an account invited by email', () => {
  test("the email arrives in the resident's language and the link is accepted through the resident routes", async () => {
    const flat = await premise(ogre, 'Skolas iela 8-23', '14501', 'D-14501');
    const created = await admin('POST', '/users', { email: 'marija@example.lv', name: 'Marija Ivanova', language: 'ru' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { id: string; status: string }; invitation: { id: string; email: string; expiresAt: string }; temporaryPassword?: string };
    expect(body.user.status).toBe('pending');
    expect(body.temporaryPassword).toBeUndefined();
    expect(body.invitation).toMatchObject({ email: 'marija@example.lv', expiresAt: '2026-05-27T09:00:00.000Z' });
    expect((await auditOf('admin.invitation.sent')).map((e) => e.target_id)).toContain(body.invitation.id);

    // Pending: no password yet, so no login.
    expect((await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'marija@example.lv', password: NEW_PASSWORD } })).status).toBe(401);

    const [message, ...more] = (await mail.deliver()).filter((m) => m.envelope.to.includes('marija@example.lv'));
    expect(more).toEqual([]);
    expect(message!.parsed.subject).toBe('Доступ к порталу клиентов Manager ogre');
    expect(message!.parsed.text).toContain('выберите пароль');
    const token = tokenFrom(message!);

    // The grant may come after the invitation: the invitation page shows what the account reaches now.
    expect((await admin('PUT', `/premises/${flat.externalRef}/grants/${body.user.id}`, { role: 'owner' })).status).toBe(201);
    const lookup = await call(ctx, 'POST', '/v1/ogre/invitations/lookup', { body: { token } });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toEqual({
      email: 'marija@example.lv',
      inviterName: 'Manager ogre',
      premises: [{ id: flat.id, label: flat.label }],
      rights: ['invoices', 'readings'],
      expiresAt: '2026-05-27T09:00:00.000Z',
      accountExists: false,
    });

    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token } }))).toMatchObject({ status: 400, fields: { password: 'required' } });
    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token, password: 'marija@example.lv!!' } }))).toMatchObject({
      status: 422,
      code: 'password_rejected',
    });
    const accepted = await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token, password: NEW_PASSWORD } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ outcome: 'created', email: 'marija@example.lv', premises: [{ id: flat.id, label: flat.label }] });
    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token, password: 'Another-Pass-2026' } }))).toMatchObject({
      status: 409,
      code: 'invitation_used',
    });

    const session = await login(ctx, 'ogre', 'marija@example.lv', NEW_PASSWORD);
    expect(session.user.mustChangePassword).toBe(false);
    const mine = await me(session.accessToken);
    expect(mine.premises.map((p: { id: string }) => p.id)).toEqual([flat.id]);
    expect((await (await admin('GET', `/users/${body.user.id}`)).json()).user).toMatchObject({ status: 'active', emailConfirmedAt: expect.any(String) });
    // An account that has its password is not invited again.
    expect(await errorOf(await admin('POST', `/users/${body.user.id}/invitation`))).toMatchObject({ status: 409, code: 'account_active' });
  });

  test("in the tenant's language when none is given; inviting again replaces the earlier link", async () => {
    const created = await admin('POST', '/users', { email: 'tom@example.lv' }, riga);
    const { user } = (await created.json()) as { user: { id: string; language: string } };
    expect(user.language).toBe('en');
    const first = (await mail.deliver()).find((m) => m.envelope.to.includes('tom@example.lv'))!;
    expect(first.parsed.subject).toBe('Your access to the Manager riga resident portal');

    const again = await admin('POST', `/users/${user.id}/invitation`, undefined, riga);
    expect(again.status).toBe(201);
    const second = (await mail.deliver()).find((m) => m.envelope.to.includes('tom@example.lv'))!;
    expect(await errorOf(await call(ctx, 'POST', '/v1/riga/invitations/lookup', { body: { token: tokenFrom(first) } }))).toMatchObject({
      status: 404,
      code: 'invitation_not_found',
    });
    // Another manager's link is not found at ogre either.
    expect((await call(ctx, 'POST', '/v1/ogre/invitations/lookup', { body: { token: tokenFrom(second) } })).status).toBe(404);
    const accepted = await call(ctx, 'POST', '/v1/riga/invitations/accept', { body: { token: tokenFrom(second), password: NEW_PASSWORD, name: 'Tom' } });
    expect(await accepted.json()).toEqual({ outcome: 'created', email: 'tom@example.lv', premises: [] });
    await login(ctx, 'riga', 'tom@example.lv', NEW_PASSWORD);
  });

  test('an expired link is refused and a new one can be sent', async () => {
    const created = await admin('POST', '/users', { email: 'late@example.lv' });
    const { user } = (await created.json()) as { user: { id: string } };
    const token = tokenFrom((await mail.deliver()).find((m) => m.envelope.to.includes('late@example.lv'))!);
    ctx.clock.advance(7 * 24 * 60 * MINUTE);
    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token, password: NEW_PASSWORD } }))).toMatchObject({
      status: 422,
      code: 'invitation_expired',
    });
    expect((await admin('POST', `/users/${user.id}/invitation`)).status).toBe(201);
    const fresh = tokenFrom((await mail.deliver()).find((m) => m.envelope.to.includes('late@example.lv'))!);
    expect((await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token: fresh, password: NEW_PASSWORD } })).status).toBe(200);
  });
});

describe('grants', () => {
  test('a proxy carries its authorisation and stops opening anything when it expires', async () => {
    const flat = await premise(ogre, 'Meža prospekts 9-41', '15041', 'D-15041');
    const proxy = await createUser(ctx.database, ogre.id, 'proxy@example.lv', { name: 'Pilnvarnieks' });
    const expiresAt = new Date(ctx.clock.now().getTime() + 2 * MINUTE).toISOString();
    const path = `/premises/${flat.externalRef}/grants/${proxy.id}`;

    const put = await admin('PUT', path, { role: 'proxy', authorizationRef: 'Notariāla pilnvara Nr. 2026/114', expiresAt });
    expect(put.status).toBe(201);
    const { item, result } = (await put.json()) as { item: Record<string, unknown>; result: string };
    expect(result).toBe('created');
    expect(item).toMatchObject({
      premise: { id: flat.id, externalRef: 'D-15041', label: flat.label },
      user: { id: proxy.id, email: 'proxy@example.lv' },
      role: 'proxy',
      rights: ['invoices', 'readings'],
      authorizationRef: 'Notariāla pilnvara Nr. 2026/114',
      expiresAt,
      status: 'active',
    });
    const writes = async () => (await auditOf('admin.grant.given')).length + (await auditOf('admin.grant.changed')).length;
    const before = await writes();
    const same = await admin('PUT', path, { role: 'proxy', authorizationRef: 'Notariāla pilnvara Nr. 2026/114', expiresAt });
    expect(same.status).toBe(200);
    expect((await same.json()).result).toBe('unchanged');
    // Nothing changed, so nothing is audited.
    expect(await writes()).toBe(before);

    const { accessToken } = await login(ctx, 'ogre', 'proxy@example.lv');
    expect((await me(accessToken)).premises).toMatchObject([{ id: flat.id, role: 'proxy' }]);
    expect((await meters(accessToken, flat.id)).status).toBe(200);

    // The same access token (still valid) on the next request after the expiry.
    ctx.clock.advance(2 * MINUTE);
    expect((await me(accessToken)).premises).toEqual([]);
    expect(await errorOf(await meters(accessToken, flat.id))).toMatchObject({ status: 404, code: 'not_found' });
    const listed = (await (await admin('GET', `/premises/${flat.externalRef}/grants`)).json()) as { items: Array<{ status: string }> };
    expect(listed.items).toMatchObject([{ status: 'expired' }]);

    // Renewed with a new authorisation: in force again at once.
    const renewed = await admin('PUT', path, { role: 'proxy', authorizationRef: 'Nr. 2026/200', expiresAt: null });
    expect(renewed.status).toBe(200);
    expect((await renewed.json()).result).toBe('updated');
    expect((await meters(accessToken, flat.id)).status).toBe(200);
    const [changed] = (await auditOf('admin.grant.changed')).slice(-1);
    expect(changed!.details).toMatchObject({ before: { authorizationRef: 'Notariāla pilnvara Nr. 2026/114', expiresAt }, after: { authorizationRef: 'Nr. 2026/200', expiresAt: null } });
  });

  test("a revoked grant disappears on the resident's next request", async () => {
    const flat = await premise(ogre, 'Meža prospekts 9-42', '15042', 'D-15042');
    const owner = await createUser(ctx.database, ogre.id, 'seller@example.lv');
    expect((await admin('PUT', `/premises/${flat.externalRef}/grants/${owner.id}`, { role: 'owner' })).status).toBe(201);
    const { accessToken } = await login(ctx, 'ogre', 'seller@example.lv');
    expect((await meters(accessToken, flat.id)).status).toBe(200);

    expect((await admin('DELETE', `/premises/${flat.externalRef}/grants/${owner.id}`)).status).toBe(204);
    expect((await me(accessToken)).premises).toEqual([]);
    expect((await meters(accessToken, flat.id)).status).toBe(404);
    expect(await errorOf(await admin('DELETE', `/premises/${flat.externalRef}/grants/${owner.id}`))).toMatchObject({ status: 404, code: 'not_found' });
    expect((await auditOf('admin.grant.revoked')).at(-1)).toMatchObject({ target_type: 'grant', details: { userId: owner.id, role: 'owner', premiseRef: 'D-15042' } });
    // The account stays.
    expect((await admin('GET', `/users/${owner.id}`)).status).toBe(200);
  });

  test("lists a premise's grants (members too) and an account's, page by page; a member becomes an owner", async () => {
    const flat = await premise(ogre, 'Parka iela 5-6', '16001', 'D-16001');
    const other = await premise(ogre, 'Parka iela 5-7', '16002', 'D-16002');
    const owner = await createUser(ctx.database, ogre.id, 'owner2@example.lv');
    const member = await createUser(ctx.database, ogre.id, 'member2@example.lv');
    await admin('PUT', `/premises/${flat.externalRef}/grants/${owner.id}`, { role: 'owner' });
    await admin('PUT', `/premises/${other.externalRef}/grants/${owner.id}`, { role: 'owner' });
    await grant(ctx.database, ogre.id, member.id, flat.id, 'member', ['invoices']);

    const first = (await (await admin('GET', `/premises/${flat.externalRef}/grants?limit=1`)).json()) as { items: Array<{ user: { email: string }; role: string; rights: string[] }>; nextCursor: string };
    expect(first.items).toHaveLength(1);
    const second = (await (await admin('GET', `/premises/${flat.externalRef}/grants?limit=1&cursor=${first.nextCursor}`)).json()) as typeof first;
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items].map((g) => [g.user.email, g.role, g.rights]).sort();
    expect(all).toEqual([
      ['member2@example.lv', 'member', ['invoices']],
      ['owner2@example.lv', 'owner', ['invoices', 'readings']],
    ]);
    // By id as well as by externalRef.
    expect((await (await admin('GET', `/premises/${flat.id}/grants`)).json()).items).toHaveLength(2);

    const mine = (await (await admin('GET', `/users/${owner.id}/grants`)).json()) as { items: Array<{ premise: { externalRef: string } }> };
    expect(mine.items.map((g) => g.premise.externalRef).sort()).toEqual(['D-16001', 'D-16002']);

    const promoted = await admin('PUT', `/premises/${flat.externalRef}/grants/${member.id}`, { role: 'owner' });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ result: 'updated', item: { role: 'owner', rights: ['invoices', 'readings'] } });
  });
});

describe('expired grants and household invitations', () => {
  test('a proxy whose authorisation expired can no longer give access, and its expired grant gives way to a member invitation', async () => {
    const flat = await premise(ogre, 'Dārza iela 3-1', '19001', 'D-19001');
    const owner = await createUser(ctx.database, ogre.id, 'holder@example.lv');
    const proxy = await createUser(ctx.database, ogre.id, 'helper@example.lv');
    await admin('PUT', `/premises/${flat.externalRef}/grants/${owner.id}`, { role: 'owner' });
    const expiresAt = new Date(ctx.clock.now().getTime() + 10 * MINUTE).toISOString();
    expect((await admin('PUT', `/premises/${flat.externalRef}/grants/${proxy.id}`, { role: 'proxy', authorizationRef: 'Nr. 7', expiresAt })).status).toBe(201);

    // While in force, the proxy invites a household member; the link outlives the authorisation.
    const proxyToken = (await login(ctx, 'ogre', 'helper@example.lv')).accessToken;
    expect((await call(ctx, 'POST', `/v1/ogre/premises/${flat.id}/members`, { token: proxyToken, body: { email: 'friend@example.lv', rights: ['invoices'] } })).status).toBe(201);
    const friendLink = tokenFrom((await mail.deliver()).find((m) => m.envelope.to.includes('friend@example.lv'))!);
    ctx.clock.advance(10 * MINUTE);
    expect(await errorOf(await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token: friendLink, password: NEW_PASSWORD } }))).toMatchObject({
      status: 422,
      code: 'invitation_withdrawn',
    });

    // The owner invites the former proxy as a member: the expired grant is replaced, not a conflict.
    const ownerToken = (await login(ctx, 'ogre', 'holder@example.lv')).accessToken;
    expect((await call(ctx, 'POST', `/v1/ogre/premises/${flat.id}/members`, { token: ownerToken, body: { email: 'helper@example.lv', rights: ['readings'] } })).status).toBe(201);
    const link = tokenFrom((await mail.deliver()).find((m) => m.envelope.to.includes('helper@example.lv'))!);
    const accepted = await call(ctx, 'POST', '/v1/ogre/invitations/accept', { body: { token: link } });
    expect(accepted.status).toBe(200);
    const helperToken = (await login(ctx, 'ogre', 'helper@example.lv')).accessToken;
    expect((await me(helperToken)).premises).toMatchObject([{ id: flat.id, role: 'member', rights: ['readings'] }]);
    const [row] = (await (await admin('GET', `/users/${proxy.id}/grants`)).json()).items;
    expect(row).toMatchObject({ role: 'member', authorizationRef: null, expiresAt: null, status: 'active' });
  });
});

describe('finding accounts', () => {
  test('by email in its normal form, page by page', async () => {
    const found = (await (await admin('GET', `/users?email=${encodeURIComponent(' JANIS@example.LV')}`)).json()) as { items: Array<{ email: string }>; nextCursor: null };
    expect(found).toMatchObject({ items: [{ email: 'janis@example.lv' }], nextCursor: null });
    expect((await (await admin('GET', '/users?email=nobody@example.lv')).json()).items).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await admin('GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await ctx.database.db.selectFrom('users').select('id').where('tenant_id', '=', ogre.id).orderBy('id').execute();
    expect(seen).toEqual(all.map((u) => u.id));
  });
});

describe('refusals', () => {
  test('a duplicate email answers 409 email_taken, whatever its case or spaces', async () => {
    await admin('POST', '/users', { email: 'dup@example.lv' });
    for (const email of ['dup@example.lv', ' DUP@Example.lv ']) {
      expect(await errorOf(await admin('POST', '/users', { email, signIn: 'temporary_password' }))).toMatchObject({ status: 409, code: 'email_taken', fields: { email: 'taken' } });
    }
    // Another manager may have the same person.
    expect((await admin('POST', '/users', { email: 'dup@example.lv' }, riga)).status).toBe(201);
  });

  test("another manager's accounts and premises are not found", async () => {
    const ogreFlat = await premise(ogre, 'Rīgas iela 1-1', '17001', 'SHARED-1');
    const rigaFlat = await premise(riga, 'Rīgas iela 1-1', '17001', 'SHARED-1');
    const ogreUser = await createUser(ctx.database, ogre.id, 'local@example.lv');
    const rigaUser = await createUser(ctx.database, riga.id, 'local@example.lv');

    expect((await admin('GET', `/users/${ogreUser.id}`, undefined, riga)).status).toBe(404);
    expect((await admin('GET', `/users/${ogreUser.id}/grants`, undefined, riga)).status).toBe(404);
    expect((await admin('POST', `/users/${ogreUser.id}/invitation`, undefined, riga)).status).toBe(404);
    expect((await admin('GET', `/premises/${ogreFlat.id}/grants`, undefined, riga)).status).toBe(404);
    expect((await admin('PUT', `/premises/${ogreFlat.id}/grants/${rigaUser.id}`, { role: 'owner' }, riga)).status).toBe(404);
    expect((await admin('PUT', `/premises/SHARED-1/grants/${ogreUser.id}`, { role: 'owner' }, riga)).status).toBe(404);
    expect((await admin('DELETE', `/premises/SHARED-1/grants/${ogreUser.id}`, undefined, riga)).status).toBe(404);
    const rigaList = (await (await admin('GET', '/users?email=local@example.lv', undefined, riga)).json()) as { items: Array<{ id: string }> };
    expect(rigaList.items.map((u) => u.id)).toEqual([rigaUser.id]);

    // The same externalRef at two managers: each reaches its own premise.
    expect((await admin('PUT', `/premises/SHARED-1/grants/${rigaUser.id}`, { role: 'owner' }, riga)).status).toBe(201);
    const grants = await ctx.database.db.selectFrom('grants').select(['premise_id']).where('user_id', '=', rigaUser.id).execute();
    expect(grants).toEqual([{ premise_id: rigaFlat.id }]);
  });

  test('bad input answers 400 with a field code, an unknown id 404, never a 500', async () => {
    const user = await createUser(ctx.database, ogre.id, 'target@example.lv');
    const flat = await premise(ogre, 'Zaļā iela 2-2', '18001', 'D-18001');
    const cases: Array<[string, string, unknown, Record<string, unknown>]> = [
      ['POST', '/users', {}, { email: 'required' }],
      ['POST', '/users', { email: 'not-an-email' }, { email: 'invalid_format' }],
      ['POST', '/users', { email: 42 }, { email: 'expected_string' }],
      ['POST', '/users', { email: `${'a'.repeat(70)}@example.lv` }, { email: 'too_long' }],
      ['POST', '/users', { email: 'x@example.lv', language: 'de' }, { language: 'invalid_value' }],
      ['POST', '/users', { email: 'x@example.lv', signIn: 'magic' }, { signIn: 'invalid_value' }],
      ['POST', '/users', { email: 'x@example.lv', name: 'n'.repeat(201) }, { name: 'too_long' }],
      ['POST', '/users', { email: 'x@example.lv', role: 'admin' }, { _: 'unknown_field' }],
      ['POST', '/users', { email: 'x@example.lv', temporaryPassword: 'Ozolu-Birzs-4417' }, { temporaryPassword: 'only_with_temporary_password' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'member' }, { role: 'invalid_value' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'proxy' }, { authorizationRef: 'required' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'proxy', authorizationRef: '   ' }, { authorizationRef: 'required' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'owner', authorizationRef: 'X' }, { authorizationRef: 'not_for_owner' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'owner', expiresAt: '2030-01-01T00:00:00Z' }, { expiresAt: 'not_for_owner' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'proxy', authorizationRef: 'X', expiresAt: 'tomorrow' }, { expiresAt: 'invalid_format' }],
      ['PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'proxy', authorizationRef: 'X'.repeat(201) }, { authorizationRef: 'too_long' }],
      ['GET', '/users?email=nope', undefined, { email: 'invalid_format' }],
      ['GET', '/users?limit=0', undefined, { limit: 'too_short' }],
      ['GET', '/users?limit=100000', undefined, { limit: 'too_long' }],
      ['GET', '/users?cursor=bm90LWEtdXVpZA', undefined, { cursor: 'invalid_cursor' }],
      ['GET', `/premises/${'R'.repeat(101)}/grants`, undefined, { premiseRef: 'too_long' }],
    ];
    for (const [method, path, body, fields] of cases) {
      const error = await errorOf(await admin(method, path, body));
      expect({ method, path, body, ...error }).toMatchObject({ status: 400, code: 'validation_failed', fields });
    }
    const past = await admin('PUT', `/premises/${flat.externalRef}/grants/${user.id}`, { role: 'proxy', authorizationRef: 'X', expiresAt: '2020-01-01T00:00:00Z' });
    expect(await errorOf(past)).toMatchObject({ status: 422, code: 'expiry_in_past', fields: { expiresAt: 'in_past' } });

    for (const [method, path, body] of [
      ['GET', '/users/not-a-uuid', undefined],
      ['GET', '/users/00000000-0000-4000-8000-000000000000', undefined],
      ['POST', '/users/00000000-0000-4000-8000-000000000000/invitation', undefined],
      ['GET', '/premises/NO-SUCH/grants', undefined],
      ['PUT', `/premises/NO-SUCH/grants/${user.id}`, { role: 'owner' }],
      ['PUT', `/premises/${flat.externalRef}/grants/not-a-uuid`, { role: 'owner' }],
      ['DELETE', `/premises/${flat.externalRef}/grants/not-a-uuid`, undefined],
    ] as const) {
      expect({ method, path, ...(await errorOf(await admin(method, path, body))) }).toMatchObject({ status: 404, code: 'not_found' });
    }
    expect(await ctx.database.db.selectFrom('grants').select('id').where('premise_id', '=', flat.id).execute()).toEqual([]);
  });
});
