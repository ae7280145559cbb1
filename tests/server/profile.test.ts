import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { reminderEmail } from '../../server/mail/unsubscribe.ts';
import { enqueueEmail } from '../../server/mail/outbox.ts';
import { createAccountsTenant } from './support/accounts.ts';
import { createMailRig, linkFrom, tokenFrom, type MailRig } from './support/mail.ts';
import { call, createTestApp, createUser, login, PASSWORD, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let mail: MailRig;
let ogreId: string;
let seq = 0;
const client = () => `203.0.113.${++seq}`;

beforeAll(async () => {
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, publicUrl: 'https://api.doorstep.test' } });
  mail = await createMailRig(ctx.database);
  ogreId = (await createAccountsTenant(ctx.database, 'ogre')).id;
  const riga = await createAccountsTenant(ctx.database, 'riga', 'Rīgas Namu Pārvaldnieks');
  for (const email of ['anna@example.lv', 'peteris@example.lv', 'liga@example.lv', 'maris@example.lv', 'olga@example.lv']) await createUser(ctx.database, ogreId, email);
  await createUser(ctx.database, riga.id, 'olga@example.lv');
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});
beforeEach(async () => {
  await mail.deliver();
  await ctx.database.db.deleteFrom('rate_limits').execute();
});

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; fields?: Record<string, unknown> } }).error;

describe('profile', () => {
  test('GET /me/profile and PATCH /me change only what is sent', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'anna@example.lv');
    const before = await (await call(ctx, 'GET', '/v1/ogre/me/profile', { token: accessToken })).json();
    expect(before).toEqual({
      email: 'anna@example.lv',
      name: 'anna',
      phone: null,
      language: 'lv',
      emailPreferences: { readingReminders: true, readingReceipts: false, invoicesByEmail: false, newNotices: true, managerReplies: true },
      pendingEmail: null,
    });

    const patched = await call(ctx, 'PATCH', '/v1/ogre/me', {
      token: accessToken,
      body: { name: '  Anna Bērziņa ', phone: '+371 29 123-456', language: 'ru', emailPreferences: { invoicesByEmail: true, newNotices: false } },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      name: 'Anna Bērziņa',
      phone: '+37129123456',
      language: 'ru',
      emailPreferences: { readingReminders: true, invoicesByEmail: true, newNotices: false, managerReplies: true },
    });

    const again = await call(ctx, 'PATCH', '/v1/ogre/me', { token: accessToken, body: { phone: null } });
    expect(await again.json()).toMatchObject({ name: 'Anna Bērziņa', phone: null, language: 'ru', emailPreferences: { invoicesByEmail: true } });
    // GET /me (the members engineer's route) sees the same user.
    expect((await (await call(ctx, 'GET', '/v1/ogre/me', { token: accessToken })).json()).user.language).toBe('ru');
  });

  test('header injection and other bad input in the profile are refused with field codes', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'anna@example.lv');
    const cases: Array<[unknown, Record<string, string>]> = [
      [{ name: 'Anna\r\nBcc: victim@example.com' }, { name: 'invalid_characters' }],
      [{ name: 'Anna\u0000' }, { name: 'invalid_characters' }],
      [{ phone: '+371 29\r\n123' }, { phone: 'invalid_format' }],
      [{ phone: 'call me' }, { phone: 'invalid_format' }],
      [{ name: 'x'.repeat(201) }, { name: 'too_long' }],
      [{ language: 'de' }, { language: 'invalid_value' }],
      [{ email: 'new@example.lv' }, { _: 'unknown_field' }],
      [{ emailPreferences: { spam: true } }, { emailPreferences: 'unknown_field' }],
      [{ emailPreferences: { newNotices: 'no' } }, { 'emailPreferences.newNotices': expect.any(String) as unknown as string }],
    ];
    for (const [body, fields] of cases) {
      const response = await call(ctx, 'PATCH', '/v1/ogre/me', { token: accessToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(response)).fields, JSON.stringify(body)).toEqual(fields);
    }
    expect((await call(ctx, 'PATCH', '/v1/ogre/me', { body: { name: 'x' } })).status).toBe(401);
  });
});

describe('email change', () => {
  test('link to the new address, notice to the old, the change only on confirmation, then login with the new email', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'peteris@example.lv');
    const asked = await call(ctx, 'POST', '/v1/ogre/me/email', { token: accessToken, body: { newEmail: 'Peteris.Kalnins@Example.com', currentPassword: PASSWORD } });
    expect(asked.status).toBe(202);

    const messages = await mail.deliver();
    const toNew = messages.find((m) => m.envelope.to[0] === 'peteris.kalnins@example.com')!;
    const toOld = messages.find((m) => m.envelope.to[0] === 'peteris@example.lv')!;
    expect(messages).toHaveLength(2);
    expect(toNew.parsed.subject).toBe('Apstipriniet jauno e-pasta adresi – Ogres Namsaimnieks');
    expect(new URLSearchParams(linkFrom(toNew).hash.slice(1)).get('flow')).toBe('email');
    expect(toOld.parsed.subject).toBe('Pieprasīta e-pasta adreses maiņa – Ogres Namsaimnieks');
    expect(toOld.parsed.text).toContain('p***@example.com');
    expect(toOld.parsed.text).not.toContain('token=');

    // Nothing has changed yet.
    const profile = await (await call(ctx, 'GET', '/v1/ogre/me/profile', { token: accessToken })).json();
    expect(profile).toMatchObject({ email: 'peteris@example.lv', pendingEmail: 'peteris.kalnins@example.com' });
    await login(ctx, 'ogre', 'peteris@example.lv');

    // Confirming needs no session: the link may be opened on another device.
    const confirmed = await call(ctx, 'POST', '/v1/ogre/me/email/confirm', { body: { token: tokenFrom(toNew) } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ status: 'email_changed', email: 'peteris.kalnins@example.com' });
    await login(ctx, 'ogre', 'peteris.kalnins@example.com');
    expect((await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'peteris@example.lv', password: PASSWORD }, client: client() })).status).toBe(401);
    expect((await errorOf(await call(ctx, 'POST', '/v1/ogre/me/email/confirm', { body: { token: tokenFrom(toNew) } }))).code).toBe('token_used');
  });

  test('a taken address answers the same, and its owner is told instead', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'liga@example.lv');
    const free = await call(ctx, 'POST', '/v1/ogre/me/email', { token: accessToken, body: { newEmail: 'liga.new@example.lv', currentPassword: PASSWORD } });
    const taken = await call(ctx, 'POST', '/v1/ogre/me/email', { token: accessToken, body: { newEmail: 'maris@example.lv', currentPassword: PASSWORD } });
    expect(taken.status).toBe(free.status);
    expect(await taken.json()).toEqual(await free.json());
    const toMaris = (await mail.deliver()).filter((m) => m.envelope.to[0] === 'maris@example.lv');
    expect(toMaris).toHaveLength(1);
    expect(toMaris[0]!.parsed.subject).toBe('Jums jau ir konts – Ogres Namsaimnieks');
  });

  test('the email-change token fails where it does not belong', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'olga@example.lv');
    await call(ctx, 'POST', '/v1/ogre/me/email', { token: accessToken, body: { newEmail: 'olga.new@example.lv', currentPassword: PASSWORD } });
    const token = tokenFrom((await mail.deliver()).find((m) => m.envelope.to[0] === 'olga.new@example.lv')!);
    const confirmAt = (tenant: string, body: unknown) => call(ctx, 'POST', `/v1/${tenant}/me/email/confirm`, { body });
    expect((await errorOf(await confirmAt('riga', { token }))).code).toBe('token_invalid');
    expect((await errorOf(await call(ctx, 'POST', '/v1/ogre/auth/register/confirm', { body: { token } }))).code).toBe('token_wrong_purpose');
    expect((await errorOf(await call(ctx, 'POST', '/v1/ogre/auth/password/reset', { body: { token, password: 'Ozolu-Lapas-Rudenī-7' } }))).code).toBe('token_wrong_purpose');
    expect((await errorOf(await confirmAt('ogre', { token: token.replace(/.$/, (c) => (c === 'Q' ? 'R' : 'Q')) }))).code).toBe('token_invalid');
    ctx.clock.advance(24 * 3600 * 1000 + 1);
    expect((await errorOf(await confirmAt('ogre', { token }))).code).toBe('token_expired');
  });

  test('wrong current password, same address, bad addresses, and the per-user limit', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'maris@example.lv');
    const ask = (body: unknown) => call(ctx, 'POST', '/v1/ogre/me/email', { token: accessToken, body });
    expect((await errorOf(await ask({ newEmail: 'm@example.lv', currentPassword: 'wrong-password-1' }))).code).toBe('current_password_incorrect');
    expect((await errorOf(await ask({ newEmail: 'MARIS@example.lv', currentPassword: PASSWORD }))).fields).toEqual({ newEmail: 'same_as_current' });
    expect((await errorOf(await ask({ newEmail: 'maris@example.lv\r\nBcc: x@example.com', currentPassword: PASSWORD }))).fields).toEqual({ newEmail: 'invalid_format' });
    expect((await errorOf(await ask({ newEmail: `${'m'.repeat(300)}@example.lv`, currentPassword: PASSWORD }))).fields).toEqual({ newEmail: 'too_long' });
    expect((await ask({ newEmail: 'a@example.lv' })).status).toBe(400);
    // Five tries an hour that reach the password check, the wrong password and the same address included.
    for (const n of [2, 3, 4]) expect((await ask({ newEmail: `maris${n}@example.lv`, currentPassword: PASSWORD })).status).toBe(202);
    const limited = await ask({ newEmail: 'maris5@example.lv', currentPassword: PASSWORD });
    expect(limited.status).toBe(429);
    expect((await errorOf(limited)).code).toBe('rate_limited');
  });
});

test('logout everywhere ends every session, this one included', async () => {
  const a = await login(ctx, 'ogre', 'anna@example.lv', PASSWORD, true);
  const b = await login(ctx, 'ogre', 'anna@example.lv');
  expect((await call(ctx, 'POST', '/v1/ogre/auth/logout-everywhere', { token: a.accessToken })).status).toBe(204);
  for (const session of [a, b]) {
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: session.accessToken })).status).toBe(401);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  }
  expect((await call(ctx, 'POST', '/v1/ogre/auth/logout-everywhere', {})).status).toBe(401);
  await login(ctx, 'ogre', 'anna@example.lv');
});

describe('reminder-type mail', () => {
  async function sendReminder(email: string) {
    const tenant = (await ctx.app.tenants.find('ogre'))!;
    const user = (await ctx.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst())!;
    await ctx.database.withTenant(tenant.id, async (trx) => {
      const message = await reminderEmail({
        keys: ctx.deps.keys,
        apiBaseUrl: ctx.deps.config.publicUrl!,
        tenant,
        recipient: { userId: user.id, email: user.email, name: user.name, language: 'lv' },
        category: 'readingReminders',
        template: 'reading_reminder',
        block: { subject: 'Laiks nodot rādījumus', heading: 'Laiks nodot rādījumus', paragraphs: ['Rādījumus var nodot līdz 01.06.2026.'], action: 'Nodot rādījumus' },
        actionUrl: 'https://portal.ogre.example/klientiem/ogre',
        now: ctx.clock.now(),
      });
      await enqueueEmail(trx, tenant.id, message);
    });
    const [received] = await mail.deliver();
    return received!;
  }

  test('carries an unsubscribe link and List-Unsubscribe with one-click, which turns that kind of mail off', async () => {
    const message = await sendReminder('olga@example.lv');
    const headers = message.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const url = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(headers)?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/api\.doorstep\.test\/v1\/ogre\/email\/unsubscribe\?token=/);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(message.parsed.text).toContain('Atteikties no šīm vēstulēm: https://portal.ogre.example/klientiem/ogre#token=');
    expect(message.parsed.html).toContain('Atteikties no šīm vēstulēm');

    // What a mail client does with the header (RFC 8058): POST the form body to that URL.
    const oneClick = new URL(url);
    const response = await ctx.app.request(`${oneClick.pathname}${oneClick.search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'unsubscribed', category: 'readingReminders' });
    const { accessToken } = await login(ctx, 'ogre', 'olga@example.lv');
    const profile = await (await call(ctx, 'GET', '/v1/ogre/me/profile', { token: accessToken })).json();
    expect(profile.emailPreferences).toMatchObject({ readingReminders: false, newNotices: true });
  });

  test('the footer link works through the widget (JSON), and a bad or foreign token is refused', async () => {
    const message = await sendReminder('liga@example.lv');
    const link = /https:\/\/\S+#token=\S+/.exec(message.parsed.text ?? '')![0];
    const fragment = new URLSearchParams(new URL(link).hash.slice(1));
    expect(fragment.get('flow')).toBe('unsubscribe');
    const token = fragment.get('token')!;
    expect((await errorOf(await call(ctx, 'POST', '/v1/riga/email/unsubscribe', { body: { token } }))).code).toBe('token_invalid');
    expect((await errorOf(await call(ctx, 'POST', '/v1/ogre/email/unsubscribe', { body: { token: `${token}x` } }))).code).toBe('token_invalid');
    expect((await errorOf(await call(ctx, 'POST', '/v1/ogre/email/unsubscribe', { body: {} }))).code).toBe('token_invalid');
    // An access token is not an unsubscribe token.
    const { accessToken } = await login(ctx, 'ogre', 'liga@example.lv');
    expect((await errorOf(await call(ctx, 'POST', '/v1/ogre/email/unsubscribe', { body: { token: accessToken } }))).code).toBe('token_invalid');
    expect((await call(ctx, 'POST', '/v1/ogre/email/unsubscribe', { body: { token } })).status).toBe(200);
  });
});
