import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sha256Hex } from '../../server/auth/tokens.ts';
import { createAccountsTenant, createCustomer, NEW_PASSWORD, PUBLIC_URL, registration, type CustomerFixture } from './support/accounts.ts';
import { createMailRig, linkFrom, tokenFrom, type MailRig } from './support/mail.ts';
import { call, createTestApp, createUser, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let mail: MailRig;
let customer: CustomerFixture;
let rigaCustomer: CustomerFixture;
let seq = 0;
/** Each request comes from its own client address unless a test says otherwise. */
const client = () => `198.51.100.${++seq}`;

beforeAll(async () => {
  ctx = await createTestApp();
  mail = await createMailRig(ctx.database);
  const ogre = await createAccountsTenant(ctx.database, 'ogre');
  const riga = await createAccountsTenant(ctx.database, 'riga', 'Rīgas Namu Pārvaldnieks');
  customer = await createCustomer(ctx.database, ogre.id, '100111');
  rigaCustomer = await createCustomer(ctx.database, riga.id, '200222');
  await createUser(ctx.database, ogre.id, 'peteris@example.lv');
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});
beforeEach(async () => {
  await mail.deliver(); // nothing left over from the previous test
  await ctx.database.db.deleteFrom('rate_limits').execute();
});

const register = (body: unknown, from = client(), tenant = 'ogre') => call(ctx, 'POST', `/v1/${tenant}/auth/register`, { body, client: from });
const confirm = (token: unknown, tenant = 'ogre') => call(ctx, 'POST', `/v1/${tenant}/auth/register/confirm`, { body: { token } });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; fields?: Record<string, unknown> } }).error;

async function registeredToken(email: string, tenant = 'ogre', fixture = customer): Promise<string> {
  expect((await register(registration(fixture, email), client(), tenant)).status).toBe(202);
  const messages = await mail.deliver();
  expect(messages).toHaveLength(1);
  return tokenFrom(messages[0]!);
}

describe('register → confirm → login', () => {
  test('the link in the email activates the account, which owns every apartment of the customer', async () => {
    const response = await register(registration(customer, ' Anna.Berzina@Example.lv ', { invoicesByEmail: true, language: 'lv' }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'confirmation_sent' });

    // Nothing exists before the confirmation: the password does not work yet.
    const early = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'anna.berzina@example.lv', password: NEW_PASSWORD }, client: client() });
    expect(early.status).toBe(401);

    const messages = await mail.deliver();
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message.envelope.to).toEqual(['anna.berzina@example.lv']);
    expect(message.parsed.subject).toBe('Reģistrācijas apstiprinājums – Ogres Namsaimnieks');
    expect(message.parsed.text).toContain('Saite ir derīga 24 stundas');
    expect(message.parsed.html).toContain('#0a5c8a');
    const link = linkFrom(message);
    expect(`${link.origin}${link.pathname}`).toBe(`${PUBLIC_URL}/ogre`);
    expect(link.search).toBe('');
    expect(new URLSearchParams(link.hash.slice(1)).get('flow')).toBe('register');

    const token = tokenFrom(message);
    const confirmed = await confirm(token);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ status: 'registered', email: 'anna.berzina@example.lv' });

    const session = await login(ctx, 'ogre', 'anna.berzina@example.lv', NEW_PASSWORD);
    const me = await (await call(ctx, 'GET', '/v1/ogre/me', { token: session.accessToken })).json();
    expect(me.user.name).toBe('Anna Bērziņa');
    expect(me.premises.map((p: { id: string }) => p.id).sort()).toEqual([...customer.premiseIds].sort());
    expect(me.premises.every((p: { role: string }) => p.role === 'owner')).toBe(true);
    const profile = await (await call(ctx, 'GET', '/v1/ogre/me/profile', { token: session.accessToken })).json();
    expect(profile.emailPreferences).toEqual({ readingReminders: true, readingReceipts: false, invoicesByEmail: true, newNotices: true, managerReplies: true });

    // Only the token's hash is stored, and the used token no longer holds the password hash.
    const rows = await ctx.database.db.selectFrom('email_tokens').select(['token_hash', 'payload', 'used_at']).where('purpose', '=', 'register_confirm').execute();
    expect(rows.some((row) => row.token_hash === token)).toBe(false);
    const hashed = await sha256Hex(token);
    const used = rows.find((r) => r.token_hash === hashed)!;
    expect(used.used_at).not.toBeNull();
    expect(used.payload).toEqual({});
  });

  test('the confirmation email is in the language the widget showed', async () => {
    expect((await register(registration(customer, 'ivan@example.lv', { language: 'ru' }))).status).toBe(202);
    const [message] = await mail.deliver();
    expect(message!.parsed.subject).toBe('Подтверждение регистрации – Ogres Namsaimnieks');
    expect(message!.parsed.text).toContain('Ссылка действительна 24 часа');
  });
});

describe('the proof', () => {
  test('any of the last three invoices works, with the total typed as people type it', async () => {
    const [, second, third, fourth] = customer.invoices;
    for (const [invoice, typed] of [
      [second!, '48,05'],
      [third!, '45.67'],
      [fourth!, '€ 1 234,5'],
      [third!, '045,67'],
    ] as const) {
      const body = { ...registration(customer, `proof-${++seq}@example.lv`), invoiceNumber: invoice.number.toLowerCase(), invoiceTotal: typed };
      expect((await register(body)).status, `${invoice.number} ${typed}`).toBe(202);
    }
    expect(await mail.deliver()).toHaveLength(4);
  });

  test('an older invoice, a wrong total, a wrong number or an unknown account is refused, and nothing is sent', async () => {
    const [oldest, , third] = customer.invoices;
    const bodies = [
      { invoiceNumber: oldest!.number, invoiceTotal: oldest!.total },
      { invoiceNumber: third!.number, invoiceTotal: '45.66' },
      { invoiceNumber: 'ON-2026-03-999999', invoiceTotal: third!.total },
      { accountNumber: '999999' },
      { invoiceTotal: 'abc' },
      { accountNumber: rigaCustomer.accountNumber, invoiceNumber: rigaCustomer.invoices[3]!.number, invoiceTotal: rigaCustomer.invoices[3]!.total },
    ];
    for (const patch of bodies) {
      const response = await register({ ...registration(customer, 'guess@example.lv'), ...patch });
      expect(response.status, JSON.stringify(patch)).toBe(422);
      expect((await errorOf(response)).code).toBe('registration_proof_invalid');
    }
    expect(await mail.deliver()).toHaveLength(0);
  });

  test('wrong proofs are limited per account number, even from many clients, and then a right one waits too', async () => {
    for (let i = 0; i < 8; i += 1) {
      expect((await register({ ...registration(customer, 'guess@example.lv'), invoiceTotal: `1${i}.00` })).status).toBe(422);
    }
    const limited = await register(registration(customer, 'real-owner@example.lv'));
    expect(limited.status).toBe(429);
    expect((await errorOf(limited)).code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await mail.deliver()).toHaveLength(0);

    ctx.clock.advance(3601 * 1000);
    expect((await register(registration(customer, 'real-owner@example.lv'))).status).toBe(202);
  });

  test('wrong proofs are limited per client, across account numbers', async () => {
    const from = client();
    for (let i = 0; i < 10; i += 1) {
      expect((await register({ ...registration(customer, 'guess@example.lv'), accountNumber: `55500${i}` }, from)).status).toBe(422);
    }
    expect((await register(registration(customer, 'someone@example.lv'), from)).status).toBe(429);
    expect((await register(registration(customer, 'someone@example.lv'), client())).status).toBe(202);
  });
});

describe('enumeration', () => {
  test('registering an email that has an account answers the same and emails that address instead', async () => {
    const fresh = await register(registration(customer, 'new-person@example.lv'));
    const taken = await register(registration(customer, 'Peteris@example.lv', { language: 'en' }));
    expect(taken.status).toBe(fresh.status);
    expect(await taken.json()).toEqual(await fresh.json());

    const messages = await mail.deliver();
    const toPeteris = messages.filter((m) => m.envelope.to[0] === 'peteris@example.lv');
    expect(toPeteris).toHaveLength(1);
    expect(toPeteris[0]!.parsed.subject).toBe('Jums jau ir konts – Ogres Namsaimnieks'); // the account's language, not the form's
    expect(toPeteris[0]!.parsed.text).not.toContain('token=');
    const tokens = await ctx.database.db.selectFrom('email_tokens').select('id').where('email', '=', 'peteris@example.lv').execute();
    expect(tokens).toHaveLength(0);
  });

  test('registration emails to one address are limited, whether or not it has an account', async () => {
    for (const email of ['peteris@example.lv', 'nobody-yet@example.lv']) {
      for (let i = 0; i < 3; i += 1) expect((await register(registration(customer, email))).status).toBe(202);
      expect((await register(registration(customer, email))).status).toBe(429);
    }
  });
});

describe('tokens', () => {
  test('a token works once', async () => {
    const token = await registeredToken('once@example.lv');
    expect((await confirm(token)).status).toBe(200);
    const again = await confirm(token);
    expect(again.status).toBe(400);
    expect((await errorOf(again)).code).toBe('token_used');
  });

  test('a token expires after 24 hours', async () => {
    const token = await registeredToken('late@example.lv');
    ctx.clock.advance(24 * 3600 * 1000 + 1000);
    const response = await confirm(token);
    expect((await errorOf(response)).code).toBe('token_expired');
  });

  test('a token for another purpose, of another tenant, or tampered fails with its code', async () => {
    await call(ctx, 'POST', '/v1/ogre/auth/password/forgot', { body: { email: 'peteris@example.lv' }, client: client() });
    const resetToken = tokenFrom((await mail.deliver())[0]!);
    expect((await errorOf(await confirm(resetToken))).code).toBe('token_wrong_purpose');

    const rigaToken = await registeredToken('anna@example.lv', 'riga', rigaCustomer);
    expect((await errorOf(await confirm(rigaToken, 'ogre'))).code).toBe('token_invalid');

    const ogreToken = await registeredToken('tamper@example.lv');
    const tampered = `${ogreToken.slice(0, -1)}${ogreToken.endsWith('A') ? 'B' : 'A'}`;
    expect((await errorOf(await confirm(tampered))).code).toBe('token_invalid');
    expect((await errorOf(await confirm(`${ogreToken}x`))).code).toBe('token_invalid');
    expect((await errorOf(await confirm('../../etc/passwd'))).code).toBe('token_invalid');
    // The untampered tokens still work where they belong.
    expect((await confirm(rigaToken, 'riga')).status).toBe(200);
    expect((await confirm(ogreToken)).status).toBe(200);
  });

  test('registering twice and confirming both: the first link wins, the second is used up', async () => {
    const first = await registeredToken('twice@example.lv');
    const second = await registeredToken('twice@example.lv');
    expect((await confirm(second)).status).toBe(200);
    expect((await errorOf(await confirm(first))).code).toBe('token_used');
  });

  test('no or odd tokens are validation errors, never 500', async () => {
    for (const body of [{}, { token: 42 }, { token: '' }, { token: 'x'.repeat(5000) }, { token: null }]) {
      const response = await call(ctx, 'POST', '/v1/ogre/auth/register/confirm', { body });
      expect(response.status, JSON.stringify(body).slice(0, 50)).toBe(400);
    }
  });
});

describe('bad input', () => {
  test('an overlong email, a line break in the email, or a non-ASCII local part: clear codes, nothing sent', async () => {
    const cases: Array<[string, string]> = [
      [`${'a'.repeat(250)}@example.lv`, 'too_long'],
      [`${'a'.repeat(65)}@example.lv`, 'too_long'],
      ['anna@example.lv\r\nBcc: victim@example.com', 'invalid_format'],
      ['anna@example.lv\nSubject: hi', 'invalid_format'],
      ['анна@пример.рф', 'unsupported_characters'],
      ['anna', 'invalid_format'],
      ['', 'required'],
    ];
    for (const [email, code] of cases) {
      const response = await register(registration(customer, email));
      expect(response.status, email).toBe(400);
      expect((await errorOf(response)).fields).toEqual({ email: code });
    }
    expect(await mail.deliver()).toHaveLength(0);
  });

  test('an internationalised domain is accepted and delivered in its ASCII form', async () => {
    expect((await register(registration(customer, 'Janis@Piemērs.lv'))).status).toBe(202);
    const [message] = await mail.deliver();
    // On the wire the domain is ASCII (smtp-server shows envelopes decoded back to Unicode).
    expect(message!.raw).toMatch(/^To: janis@xn--piemrs-s3a\.lv\r?$/m);
    expect(message!.envelope.to).toEqual(['janis@piemērs.lv']);
    expect((await confirm(tokenFrom(message!))).status).toBe(200);
    await login(ctx, 'ogre', 'janis@xn--piemrs-s3a.lv', NEW_PASSWORD);
  });

  test('a password of 129 characters is refused before anything happens; 128 is fine', async () => {
    const long = 'Ozols-Liepa-Bērzs-'.repeat(8).slice(0, 129);
    const refused = await register(registration(customer, 'long@example.lv', { password: long }));
    expect(refused.status).toBe(422);
    expect(await errorOf(refused)).toMatchObject({ code: 'password_rejected', fields: { password: ['too_long'] } });
    const tooShort = await register(registration(customer, 'long@example.lv', { password: 'short' }));
    expect((await errorOf(tooShort)).fields).toEqual({ password: ['too_short'] });
    const withEmail = await register(registration(customer, 'kalnietis@example.lv', { password: 'kalnietis-2026-parole' }));
    expect((await errorOf(withEmail)).fields).toEqual({ password: ['contains_email'] });
    expect(await mail.deliver()).toHaveLength(0);
    expect((await register(registration(customer, 'long@example.lv', { password: long.slice(0, 128) }))).status).toBe(202);
  });

  test('the terms must be accepted', async () => {
    const response = await register(registration(customer, 'terms@example.lv', { acceptTerms: false }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields).toEqual({ acceptTerms: 'must_accept' });
  });

  test('wrong types and huge values are 400, never 500', async () => {
    const base = registration(customer, 'types@example.lv');
    for (const patch of [
      { accountNumber: 100111 },
      { email: ['a@b.lv'] },
      { password: null },
      { acceptTerms: 'yes' },
      { invoiceTotal: 45.67 },
      { invoiceNumber: 'x'.repeat(10_000) },
      { language: 'de' },
      { invoicesByEmail: 'true' },
    ]) {
      const response = await register({ ...base, ...patch });
      expect(response.status, JSON.stringify(patch).slice(0, 60)).toBe(400);
    }
    expect((await call(ctx, 'POST', '/v1/ogre/auth/register', { rawBody: '{"email":' })).status).toBe(400);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/register', { rawBody: JSON.stringify({ ...base, pad: 'x'.repeat(70_000) }) })).status).toBe(413);
  });
});
