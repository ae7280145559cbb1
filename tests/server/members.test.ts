/**
 * Household users, the owner's side: inviting (email through the outbox, in the right language),
 * listing, changing rights (seen on the member's next request), removing, withdrawing, and the
 * audit log entries each of them writes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireAccess, withResident } from '../../server/auth/resident.ts';
import { createRouter } from '../../server/http/context.ts';
import type { Action } from '../../server/rights/rights.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let tenantId: string;
let flat1: string;
let flat2: string;
let owner: string;
let ownerToken: string;

const NEW_PASSWORD = 'Zalas-Liepas-77';

/** The token from the newest invitation email to `email` (the link carries it as #token=…&flow=invitation). */
async function invitationToken(email: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('email_outbox')
    .select(['text_body'])
    .where('recipient', '=', email)
    .where('template', '=', 'invitation')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const match = /#token=([A-Za-z0-9_-]+)&flow=invitation/.exec(row.text_body);
  if (!match?.[1]) throw new Error('no invitation link in the email');
  return match[1];
}

const invite = (token: string, premiseId: string, body: unknown) => call(ctx, 'POST', `/v1/ogre/premises/${premiseId}/members`, { token, body });
const accept = (body: unknown) => call(ctx, 'POST', '/v1/ogre/invitations/accept', { body });

async function auditActions(action: string) {
  return ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

beforeAll(async () => {
  ctx = await createTestApp();
  // A probe route that asks the rights module, as every premise route does (added before
  // the first request: Hono builds its matcher then).
  const probe = createRouter();
  probe.get('/premises/:premiseId/probe/:action', (c) =>
    withResident(ctx.deps, c, async ({ resident }) => {
      requireAccess(resident, c.req.param('premiseId'), c.req.param('action') as Action);
      return c.json({ ok: true });
    }),
  );
  ctx.app.route('/v1/:tenant', probe);
  tenantId = (await createTenant(ctx.database, 'ogre', { name: 'Ogres Namsaimnieks' })).id;
  flat1 = (await createPremise(ctx.database, tenantId, 'Malkalnes prospekts 3-111', '12345')).id;
  flat2 = (await createPremise(ctx.database, tenantId, 'Skolas iela 8-4', '12346')).id;
  owner = (await createUser(ctx.database, tenantId, 'anna@example.lv', { name: 'Anna Bērziņa' })).id;
  await grant(ctx.database, tenantId, owner, flat1, 'owner');
  await grant(ctx.database, tenantId, owner, flat2, 'owner');
  ownerToken = (await login(ctx, 'ogre', 'anna@example.lv')).accessToken;

});
afterAll(() => ctx.close());

describe('inviting a new person', () => {
  let liga: { accessToken: string; user: { id: string } };

  test('the owner invites by email; the invitation email is queued in Latvian with a single-use link', async () => {
    const response = await invite(ownerToken, flat1, { email: 'Liga@Example.lv', rights: ['invoices'] });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ email: 'liga@example.lv', rights: ['invoices'], premiseIds: [flat1] });
    // Default lifetime: 7 days from the request clock.
    expect(new Date(body.expiresAt).getTime() - ctx.clock.now().getTime()).toBe(7 * 24 * 3600 * 1000);

    const mail = await ctx.database.db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'liga@example.lv').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Uzaicinājums uz Ogres Namsaimnieks klientu portālu');
    expect(mail.text_body).toContain('Anna Bērziņa');
    expect(mail.text_body).toContain('Malkalnes prospekts 3-111');
    expect(mail.text_body).toContain('rēķinu apskate');
    expect(mail.text_body).toContain('27.05.2026');
    expect(mail.html_body).toContain('Pieņemt uzaicinājumu');
    expect(mail.status).toBe('pending');

    const [sent] = await auditActions('invitation.sent');
    expect(sent).toMatchObject({ actor_id: owner, target_type: 'invitation', target_id: body.id });
    expect(sent!.created_at.toISOString()).toBe(ctx.clock.now().toISOString());
  });

  test('the owner sees the pending invitation', async () => {
    const list = await (await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/members`, { token: ownerToken })).json();
    expect(list.members).toEqual([]);
    expect(list.invitations).toHaveLength(1);
    expect(list.invitations[0]).toMatchObject({ email: 'liga@example.lv', rights: ['invoices'] });
  });

  test('the invitee looks the link up, then accepts with a password that meets the rules', async () => {
    const token = await invitationToken('liga@example.lv');
    const lookup = await call(ctx, 'POST', '/v1/ogre/invitations/lookup', { body: { token } });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toMatchObject({
      email: 'liga@example.lv',
      inviterName: 'Anna Bērziņa',
      premises: [{ id: flat1, label: 'Malkalnes prospekts 3-111' }],
      rights: ['invoices'],
      accountExists: false,
    });

    const missing = await accept({ token });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields).toEqual({ password: 'required' });

    const weak = await accept({ token, password: 'liga' });
    expect(weak.status).toBe(422);
    expect((await weak.json()).error).toMatchObject({ code: 'password_rejected', fields: { password: ['too_short', 'contains_email'] } });

    const ok = await accept({ token, password: NEW_PASSWORD, name: 'Līga Ozola' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ outcome: 'created', email: 'liga@example.lv', premises: [{ id: flat1, label: 'Malkalnes prospekts 3-111' }] });

    liga = await login(ctx, 'ogre', 'liga@example.lv', NEW_PASSWORD);
    const me = await (await call(ctx, 'GET', '/v1/ogre/me', { token: liga.accessToken })).json();
    expect(me.user).toMatchObject({ name: 'Līga Ozola', language: 'lv' });
    expect(me.premises).toEqual([expect.objectContaining({ id: flat1, role: 'member', rights: ['invoices'] })]);
    expect(me.premises[0].actions).toEqual(['premise.view', 'notices.view', 'invoices.view']);
  });

  test('acceptance is audited: the grant given by the owner, the invitation accepted by the member', async () => {
    const [given] = await auditActions('grant.given');
    expect(given).toMatchObject({ actor_id: owner, target_type: 'grant' });
    expect(given!.details).toMatchObject({ premiseId: flat1, userId: liga.user.id, rights: ['invoices'] });
    const [accepted] = await auditActions('invitation.accepted');
    expect(accepted).toMatchObject({ actor_id: liga.user.id, target_type: 'invitation' });
    expect(accepted!.details).toMatchObject({ outcome: 'created', invitedBy: owner });
  });

  test('the owner lists the member; the member sees invoices but not readings', async () => {
    const list = await (await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/members`, { token: ownerToken })).json();
    expect(list.invitations).toEqual([]);
    expect(list.members).toEqual([expect.objectContaining({ userId: liga.user.id, email: 'liga@example.lv', name: 'Līga Ozola', rights: ['invoices'] })]);
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/probe/invoices.view`, { token: liga.accessToken })).status).toBe(200);
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/probe/readings.submit`, { token: liga.accessToken })).status).toBe(403);
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat2}/probe/premise.view`, { token: liga.accessToken })).status).toBe(404);
  });

  test("changing rights takes effect on the member's very next request, with the same access token", async () => {
    const response = await call(ctx, 'PATCH', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, {
      token: ownerToken,
      body: { rights: ['readings', 'invoices'] },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ userId: liga.user.id, rights: ['invoices', 'readings'] });
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/probe/readings.submit`, { token: liga.accessToken })).status).toBe(200);

    await call(ctx, 'PATCH', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, { token: ownerToken, body: { rights: ['readings'] } });
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/probe/invoices.view`, { token: liga.accessToken })).status).toBe(403);
    const me = await (await call(ctx, 'GET', '/v1/ogre/me', { token: liga.accessToken })).json();
    expect(me.premises[0].rights).toEqual(['readings']);

    const changes = await auditActions('grant.changed');
    expect(changes.map((e) => [e.actor_id, e.details])).toEqual([
      [owner, expect.objectContaining({ before: ['invoices'], after: ['invoices', 'readings'] })],
      [owner, expect.objectContaining({ before: ['invoices', 'readings'], after: ['readings'] })],
    ]);
  });

  test('setting the same rights again changes nothing and writes no audit entry', async () => {
    const before = (await auditActions('grant.changed')).length;
    const response = await call(ctx, 'PATCH', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, { token: ownerToken, body: { rights: ['readings'] } });
    expect(response.status).toBe(200);
    expect((await auditActions('grant.changed')).length).toBe(before);
  });

  test('a member cannot list, invite, change or remove, not even itself', async () => {
    const t = liga.accessToken;
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/members`, { token: t })).status).toBe(403);
    expect((await invite(t, flat1, { email: 'friend@example.lv', rights: ['invoices'] })).status).toBe(403);
    const self = await call(ctx, 'PATCH', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, { token: t, body: { rights: ['invoices', 'readings'] } });
    expect(self.status).toBe(403);
    expect((await call(ctx, 'DELETE', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, { token: t })).status).toBe(403);
    expect(await ctx.database.db.selectFrom('email_outbox').select('id').where('recipient', '=', 'friend@example.lv').execute()).toEqual([]);
  });

  test('removing a member ends its access at once; the account stays', async () => {
    const response = await call(ctx, 'DELETE', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, { token: ownerToken });
    expect(response.status).toBe(204);
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat1}/probe/premise.view`, { token: liga.accessToken })).status).toBe(404);
    const me = await (await call(ctx, 'GET', '/v1/ogre/me', { token: liga.accessToken })).json();
    expect(me.premises).toEqual([]);
    const [removed] = await auditActions('grant.removed');
    expect(removed).toMatchObject({ actor_id: owner });
    expect(removed!.details).toMatchObject({ premiseId: flat1, userId: liga.user.id, rights: ['readings'] });
    expect((await call(ctx, 'DELETE', `/v1/ogre/premises/${flat1}/members/${liga.user.id}`, { token: ownerToken })).status).toBe(404);
  });
});

describe('invitation variants', () => {
  test('one invitation covers several of the owner’s premises', async () => {
    const response = await invite(ownerToken, flat1, { email: 'janis@example.lv', rights: ['readings'], premiseIds: [flat2, flat1], language: 'en' });
    expect(response.status).toBe(201);
    expect((await response.json()).premiseIds).toEqual([flat1, flat2]);
    const mail = await ctx.database.db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'janis@example.lv').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Invitation to the Ogres Namsaimnieks resident portal');
    expect(mail.text_body).toContain('Malkalnes prospekts 3-111; Skolas iela 8-4');
    const accepted = await accept({ token: await invitationToken('janis@example.lv'), password: NEW_PASSWORD });
    expect((await accepted.json()).premises.map((p: { id: string }) => p.id).sort()).toEqual([flat1, flat2].sort());
    const janis = await login(ctx, 'ogre', 'janis@example.lv', NEW_PASSWORD);
    const me = await (await call(ctx, 'GET', '/v1/ogre/me', { token: janis.accessToken })).json();
    expect(me.user.language).toBe('en');
    expect(me.premises.map((p: { role: string; rights: string[] }) => [p.role, p.rights])).toEqual([
      ['member', ['readings']],
      ['member', ['readings']],
    ]);
  });

  test('a premise the inviter does not manage makes the whole invitation fail, and nothing is sent', async () => {
    const foreign = await createPremise(ctx.database, tenantId, 'Rīgas iela 1-1', '99001');
    const response = await invite(ownerToken, flat1, { email: 'nobody@example.lv', rights: ['invoices'], premiseIds: [foreign.id] });
    expect(response.status).toBe(404);
    expect(await ctx.database.db.selectFrom('email_outbox').select('id').where('recipient', '=', 'nobody@example.lv').execute()).toEqual([]);
  });

  test('inviting again replaces the earlier link; withdrawing makes it unknown', async () => {
    await invite(ownerToken, flat2, { email: 'karlis@example.lv', rights: ['invoices'] });
    const first = await invitationToken('karlis@example.lv');
    await invite(ownerToken, flat2, { email: 'karlis@example.lv', rights: ['invoices', 'readings'] });
    const second = await invitationToken('karlis@example.lv');
    expect(second).not.toBe(first);
    const old = await call(ctx, 'POST', '/v1/ogre/invitations/lookup', { body: { token: first } });
    expect(old.status).toBe(404);
    expect((await old.json()).error.code).toBe('invitation_not_found');

    const list = await (await call(ctx, 'GET', `/v1/ogre/premises/${flat2}/members`, { token: ownerToken })).json();
    const pending = list.invitations.filter((i: { email: string }) => i.email === 'karlis@example.lv');
    expect(pending).toHaveLength(1);
    const withdraw = await call(ctx, 'DELETE', `/v1/ogre/premises/${flat2}/invitations/${pending[0].id}`, { token: ownerToken });
    expect(withdraw.status).toBe(204);
    expect((await call(ctx, 'POST', '/v1/ogre/invitations/lookup', { body: { token: second } })).status).toBe(404);
    expect((await auditActions('invitation.revoked')).at(-1)).toMatchObject({ actor_id: owner, target_id: pending[0].id });
    expect((await call(ctx, 'DELETE', `/v1/ogre/premises/${flat2}/invitations/${pending[0].id}`, { token: ownerToken })).status).toBe(404);
  });

  test('a proxy manages members like the owner', async () => {
    const proxy = await createUser(ctx.database, tenantId, 'proxy@example.lv');
    await grant(ctx.database, tenantId, proxy.id, flat2, 'proxy');
    const token = (await login(ctx, 'ogre', 'proxy@example.lv')).accessToken;
    expect((await invite(token, flat2, { email: 'fromproxy@example.lv', rights: ['invoices'] })).status).toBe(201);
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${flat2}/members`, { token })).status).toBe(200);
    // …but only on its own premise.
    expect((await invite(token, flat1, { email: 'fromproxy@example.lv', rights: ['invoices'] })).status).toBe(404);
  });

  test('someone who already reaches the premise cannot be invited to it', async () => {
    const response = await invite(ownerToken, flat1, { email: 'ANNA@example.lv', rights: ['invoices'] });
    expect(response.status).toBe(409);
    expect((await response.json()).error).toMatchObject({ code: 'already_has_access', fields: { email: 'already_has_access' } });
  });

  test('ids that are not UUIDs, unknown members and the owner itself are 404, never 400 or 500', async () => {
    for (const id of ['not-a-uuid', "1' or '1'='1", '00000000-0000-0000-0000-000000000000', owner, 'x'.repeat(500)]) {
      const patch = await call(ctx, 'PATCH', `/v1/ogre/premises/${flat1}/members/${encodeURIComponent(id)}`, { token: ownerToken, body: { rights: ['invoices'] } });
      expect(patch.status, id).toBe(404);
      expect((await call(ctx, 'DELETE', `/v1/ogre/premises/${flat1}/members/${encodeURIComponent(id)}`, { token: ownerToken })).status).toBe(404);
      expect((await call(ctx, 'DELETE', `/v1/ogre/premises/${flat1}/invitations/${encodeURIComponent(id)}`, { token: ownerToken })).status).toBe(404);
      expect((await call(ctx, 'GET', `/v1/ogre/premises/${encodeURIComponent(id)}/members`, { token: ownerToken })).status).toBe(404);
    }
  });

  test('bad bodies are validation errors with field codes', async () => {
    const cases: Array<[unknown, Record<string, string>]> = [
      [{ email: 'liga', rights: ['invoices'] }, { email: 'invalid_format' }],
      [{ email: 'liga@example.lv', rights: [] }, { rights: 'too_short' }],
      [{ email: 'liga@example.lv', rights: ['admin'] }, { 'rights.0': 'invalid_value' }],
      [{ email: 'liga@example.lv' }, { rights: 'required' }],
      [{ email: 12, rights: 'invoices' }, { email: 'expected_string', rights: 'expected_array' }],
      [{ email: 'liga@example.lv', rights: ['invoices'], premiseIds: Array(51).fill(flat1) }, { premiseIds: 'too_long' }],
    ];
    for (const [body, fields] of cases) {
      const response = await invite(ownerToken, flat1, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.fields).toEqual(fields);
    }
  });

  test('an owner may send 20 invitations a day, then 429 until the day has passed', async () => {
    const owner2 = await createUser(ctx.database, tenantId, 'busy@example.lv');
    const flat = await createPremise(ctx.database, tenantId, 'Meža iela 2-3', '12399');
    await grant(ctx.database, tenantId, owner2.id, flat.id, 'owner');
    const token = (await login(ctx, 'ogre', 'busy@example.lv')).accessToken;
    for (let i = 0; i < 20; i++) expect((await invite(token, flat.id, { email: `guest${i}@example.lv`, rights: ['invoices'] })).status).toBe(201);
    const limited = await invite(token, flat.id, { email: 'guest20@example.lv', rights: ['invoices'] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    ctx.clock.advance(24 * 3600 * 1000 + 1000);
    const later = (await login(ctx, 'ogre', 'busy@example.lv')).accessToken;
    expect((await invite(later, flat.id, { email: 'guest20@example.lv', rights: ['invoices'] })).status).toBe(201);
  });
});
