import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../server/auth/tokens.ts';
import { createAccountsTenant, NEW_PASSWORD, PUBLIC_URL } from './support/accounts.ts';
import { createMailRig, linkFrom, tokenFrom, type MailRig } from './support/mail.ts';
import { call, createTestApp, createUser, login, PASSWORD, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let mail: MailRig;
let seq = 0;
const client = () => `192.0.2.${++seq}`;

beforeAll(async () => {
  ctx = await createTestApp();
  mail = await createMailRig(ctx.database);
  const ogre = await createAccountsTenant(ctx.database, 'ogre');
  const riga = await createAccountsTenant(ctx.database, 'riga', 'Rīgas Namu Pārvaldnieks');
  for (const email of ['anna@example.lv', 'ivan@example.lv', 'peteris@example.lv', 'maris@example.lv', 'dace@example.lv', 'ruta@example.lv']) {
    await createUser(ctx.database, ogre.id, email);
  }
  await ctx.database.db.updateTable('users').set({ language: 'ru', name: 'Иван' }).where('email', '=', 'ivan@example.lv').execute();
  await createUser(ctx.database, ogre.id, 'disabled@example.lv', { status: 'disabled' });
  await createUser(ctx.database, riga.id, 'anna@example.lv');
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});
beforeEach(async () => {
  await mail.deliver();
  await ctx.database.db.deleteFrom('rate_limits').execute();
});

const forgot = (email: unknown, from = client(), tenant = 'ogre') => call(ctx, 'POST', `/v1/${tenant}/auth/password/forgot`, { body: { email }, client: from });
const reset = (token: unknown, password: unknown, tenant = 'ogre') => call(ctx, 'POST', `/v1/${tenant}/auth/password/reset`, { body: { token, password } });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; fields?: Record<string, unknown> } }).error;

async function resetToken(email: string, tenant = 'ogre'): Promise<string> {
  expect((await forgot(email, client(), tenant)).status).toBe(202);
  const messages = await mail.deliver();
  expect(messages).toHaveLength(1);
  return tokenFrom(messages[0]!);
}

test('reset → login with the new password; every old session is dead', async () => {
  const phone = await login(ctx, 'ogre', 'anna@example.lv', PASSWORD, true);
  const laptop = await login(ctx, 'ogre', 'anna@example.lv');

  expect((await forgot('ANNA@example.lv')).status).toBe(202);
  const [message] = await mail.deliver();
  expect(message!.envelope.to).toEqual(['anna@example.lv']);
  expect(message!.parsed.subject).toBe('Paroles atjaunošana – Ogres Namsaimnieks');
  expect(message!.parsed.text).toContain('Saite ir derīga 30 minūtes');
  const link = linkFrom(message!);
  expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/ogre`);
  expect(new URLSearchParams(link.hash.slice(1)).get('flow')).toBe('reset');

  const done = await reset(tokenFrom(message!), NEW_PASSWORD);
  expect(done.status).toBe(200);
  expect(await done.json()).toMatchObject({ status: 'password_reset' });

  // Old sessions: access tokens answer 401, refresh tokens are refused.
  for (const session of [phone, laptop]) {
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: session.accessToken })).status).toBe(401);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  }
  expect((await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'anna@example.lv', password: PASSWORD }, client: client() })).status).toBe(401);
  await login(ctx, 'ogre', 'anna@example.lv', NEW_PASSWORD);

  // The owner is told by email that the password changed.
  const [notice] = await mail.deliver();
  expect(notice!.parsed.subject).toBe('Jūsu parole tika nomainīta – Ogres Namsaimnieks');
  expect(notice!.parsed.text).not.toContain('token=');
});

test('the email is in the account’s language', async () => {
  expect((await forgot('ivan@example.lv')).status).toBe(202);
  const [message] = await mail.deliver();
  expect(message!.parsed.subject).toBe('Восстановление пароля – Ogres Namsaimnieks');
  expect(message!.parsed.text).toContain('Здравствуйте, Иван!');
});

describe('tokens', () => {
  test('single use; only the hash is stored; older reset links die with the reset', async () => {
    const older = await resetToken('peteris@example.lv');
    const token = await resetToken('peteris@example.lv');
    const hashes = (await ctx.database.db.selectFrom('email_tokens').select('token_hash').where('purpose', '=', 'password_reset').execute()).map((r) => r.token_hash);
    expect(hashes).toContain(await sha256Hex(token));
    expect(hashes).not.toContain(token);

    expect((await reset(token, NEW_PASSWORD)).status).toBe(200);
    expect((await errorOf(await reset(token, `${NEW_PASSWORD}x`))).code).toBe('token_used');
    expect((await errorOf(await reset(older, `${NEW_PASSWORD}y`))).code).toBe('token_used');
  });

  test('expires after 30 minutes', async () => {
    const token = await resetToken('maris@example.lv');
    ctx.clock.advance(29 * 60 * 1000);
    const stillFine = await resetToken('maris@example.lv');
    ctx.clock.advance(60 * 1000 + 1);
    expect((await errorOf(await reset(token, NEW_PASSWORD))).code).toBe('token_expired');
    expect((await reset(stillFine, NEW_PASSWORD)).status).toBe(200);
  });

  test('another purpose, another tenant, tampered', async () => {
    const rigaToken = await resetToken('anna@example.lv', 'riga');
    expect((await errorOf(await reset(rigaToken, NEW_PASSWORD, 'ogre'))).code).toBe('token_invalid');
    const tampered = `${rigaToken.slice(0, 10)}${rigaToken[10] === 'a' ? 'b' : 'a'}${rigaToken.slice(11)}`;
    expect((await errorOf(await reset(tampered, NEW_PASSWORD, 'riga'))).code).toBe('token_invalid');

    // A registration-confirmation token is not a reset token.
    const registration = await ctx.database.withTenant((await ctx.app.tenants.find('ogre'))!.id, async (trx) => {
      const { issueEmailToken } = await import('../../server/registration/email-tokens.repository.ts');
      return issueEmailToken(trx, { tenantId: (await ctx.app.tenants.find('ogre'))!.id, purpose: 'register_confirm', email: 'x@example.lv', now: ctx.clock.now() });
    });
    expect((await errorOf(await reset(registration, NEW_PASSWORD))).code).toBe('token_wrong_purpose');
    expect((await reset(rigaToken, NEW_PASSWORD, 'riga')).status).toBe(200);
  });

  test('a refused password does not use up the token', async () => {
    const token = await resetToken('dace@example.lv');
    const long = 'Ozols-Liepa-Bērzs-'.repeat(8).slice(0, 129);
    for (const [password, rule] of [
      [long, 'too_long'],
      ['short', 'too_short'],
      ['dace-2026-parole-ilga', 'contains_email'],
      ['password1234', 'common'],
    ] as const) {
      const response = await reset(token, password);
      expect(response.status, password).toBe(422);
      expect(await errorOf(response)).toMatchObject({ code: 'password_rejected', fields: { password: expect.arrayContaining([rule]) } });
    }
    expect((await reset(token, NEW_PASSWORD)).status).toBe(200);
  });
});

describe('enumeration', () => {
  test('forgot answers the same for known, unknown and disabled emails, and only a known one gets mail', async () => {
    const answers = [];
    for (const email of ['ruta@example.lv', 'nobody@example.lv', 'disabled@example.lv']) {
      const response = await forgot(email);
      answers.push({ status: response.status, body: await response.json() });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const messages = await mail.deliver();
    expect(messages.map((m) => m.envelope.to[0])).toEqual(['ruta@example.lv']);
  });

  test('login answers the same for a wrong password and an unknown email', async () => {
    const known = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'ruta@example.lv', password: 'Not-Her-Password-1' }, client: client() });
    const unknown = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'nobody@example.lv', password: 'Not-Her-Password-1' }, client: client() });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());
  });

  test('limits per email and per client apply to unknown emails too', async () => {
    for (const email of ['ruta@example.lv', 'nobody@example.lv']) {
      for (let i = 0; i < 5; i += 1) expect((await forgot(email)).status).toBe(202);
      const limited = await forgot(email);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeTruthy();
    }
    const from = client();
    for (let i = 0; i < 20; i += 1) expect((await forgot(`someone-${i}@example.lv`, from)).status).toBe(202);
    expect((await forgot('someone-else@example.lv', from)).status).toBe(429);
  });
});

test('a reset lifts the lockout the owner met', async () => {
  const from = client();
  for (let i = 0; i < 5; i += 1) {
    await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'ruta@example.lv', password: `Wrong-Password-${i}` }, client: from });
  }
  const locked = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'ruta@example.lv', password: PASSWORD }, client: from });
  expect(locked.status).toBe(423);
  const token = await resetToken('ruta@example.lv');
  expect((await reset(token, NEW_PASSWORD)).status).toBe(200);
  const after = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'ruta@example.lv', password: NEW_PASSWORD }, client: from });
  expect(after.status).toBe(200);
});

test('bad input: clear codes, never 500, nothing sent', async () => {
  for (const [email, code] of [
    [`${'a'.repeat(300)}@example.lv`, 'too_long'],
    ['anna@example.lv\r\nBcc: x@example.com', 'invalid_format'],
    ['ирина@example.lv', 'unsupported_characters'],
  ] as const) {
    const response = await forgot(email);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields).toEqual({ email: code });
  }
  for (const body of [{}, { email: 42 }, { email: null }, { email: 'x'.repeat(2000) }]) {
    expect((await call(ctx, 'POST', '/v1/ogre/auth/password/forgot', { body, client: client() })).status).toBe(400);
  }
  for (const body of [{}, { token: 'abc' }, { token: 1, password: NEW_PASSWORD }, { token: 'x'.repeat(43), password: ['a'] }]) {
    expect((await call(ctx, 'POST', '/v1/ogre/auth/password/reset', { body })).status).toBe(400);
  }
  expect(await mail.deliver()).toHaveLength(0);
});
