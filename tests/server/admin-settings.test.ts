/**
 * The manager's settings through the admin API: read fresh from the database, changed field by
 * field with everything else kept, validated (origins, zone, the real window rules, reading
 * checks, IBAN mod-97, BIC) with a field code and nothing written, idempotent, audited, and
 * applied at once: the tenant directory forgets the tenant, so CORS and the residents' reading
 * window follow the change on the very next request.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bankDetailsFrom } from '../../server/invoices/payment-details.ts';
import { readingSettings } from '../../server/readings/reading-settings.ts';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { call, createPremise, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

const IBAN = 'LV80BANK0000435195001';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;
const forgotten: (string | undefined)[] = [];

beforeAll(async () => {
  ctx = await createTestApp();
  // The app hands its tenant directory to the routes (deps.tenantDirectory); record what they ask it to forget.
  const forget = ctx.app.tenants.forget.bind(ctx.app.tenants);
  ctx.app.tenants.forget = (slug) => {
    forgotten.push(slug);
    forget(slug);
  };
  ogre = await createAdminTenant(ctx, 'ogre');
  ludza = await createAdminTenant(ctx, 'ludza', { windowRule: { kind: 'fixed_days', fromDay: 25, toDay: 28 } });
});
afterAll(() => ctx.close());

const settingsOf = async (tenant: AdminTenant) => {
  const response = await adminRequest(ctx, tenant, tenant.key, 'GET', '/settings');
  expect(response.status).toBe(200);
  return ((await response.json()) as { settings: Record<string, any> }).settings;
};
const patch = (tenant: AdminTenant, body: unknown, key = tenant.key) => adminRequest(ctx, tenant, key, 'PATCH', '/settings', body);
const storedRow = (tenant: AdminTenant) => ctx.database.db.selectFrom('tenants').selectAll().where('id', '=', tenant.id).executeTakeFirstOrThrow();
const auditCount = async (tenant: AdminTenant) =>
  Number((await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenant.id).where('action', '=', 'admin.settings.updated').executeTakeFirstOrThrow()).n);

describe('GET /admin/settings', () => {
  test("a new tenant's settings: what the operator gave and the residents' side's defaults", async () => {
    expect(await settingsOf(ogre)).toEqual({
      slug: 'ogre',
      name: 'Manager ogre',
      timeZone: 'Europe/Riga',
      allowedOrigins: ['https://ogre.example'],
      windowRule: { kind: 'month_end', lastDays: 2, nextMonthDays: 1 },
      plausibilityFactor: 3,
      verificationReminderDays: 60,
      lastDayReminderHour: 10,
      bank: null,
    });
  });

  test('reads the database, not the copy the request was routed by', async () => {
    await settingsOf(ludza); // the directory now holds ludza
    await ctx.database.db.updateTable('tenants').set({ name: 'Ludzas apsaimniekotājs' }).where('id', '=', ludza.id).execute();
    expect((await settingsOf(ludza)).name).toBe('Ludzas apsaimniekotājs');
  });

  test('a read-only key may read them', async () => {
    const reader = await createKey(ctx, ludza, ['read']);
    expect((await adminRequest(ctx, ludza, reader.secret, 'GET', '/settings')).status).toBe(200);
  });
});

describe('PATCH /admin/settings', () => {
  test('changes every field, keeps the other keys of settings, stores what the residents’ side reads, and is audited', async () => {
    await ctx.database.db.updateTable('tenants').set({ settings: JSON.stringify({ averagePeriods: 6, colours: { accent: '#0a5' } }) }).where('id', '=', ogre.id).execute();
    forgotten.length = 0;
    const response = await patch(ogre, {
      name: 'SIA "Ogres Namsaimnieks"',
      timeZone: 'Europe/Tallinn',
      allowedOrigins: ['https://www.ogresnamsaimnieks.lv', 'https://e.ogresnamsaimnieks.lv', 'https://www.ogresnamsaimnieks.lv'],
      windowRule: { kind: 'until_working_day', fromDay: 27, workingDay: 1 },
      plausibilityFactor: 2.5,
      verificationReminderDays: 30,
      lastDayReminderHour: 18,
      bank: { recipient: 'SIA "Ogres Namsaimnieks"', registrationNumber: '40003297658', iban: 'lv80 bank 0000 4351 9500 1', bankName: 'Swedbank AS', bic: 'habalv22' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { settings: Record<string, unknown>; result: string; changed: string[] };
    expect(body.result).toBe('updated');
    expect([...body.changed].sort()).toEqual(['allowedOrigins', 'bank', 'lastDayReminderHour', 'name', 'plausibilityFactor', 'timeZone', 'verificationReminderDays', 'windowRule']);
    expect(body.settings).toEqual({
      slug: 'ogre',
      name: 'SIA "Ogres Namsaimnieks"',
      timeZone: 'Europe/Tallinn',
      allowedOrigins: ['https://www.ogresnamsaimnieks.lv', 'https://e.ogresnamsaimnieks.lv'],
      windowRule: { kind: 'until_working_day', fromDay: 27, workingDay: 1 },
      plausibilityFactor: 2.5,
      verificationReminderDays: 30,
      lastDayReminderHour: 18,
      bank: { recipient: 'SIA "Ogres Namsaimnieks"', registrationNumber: '40003297658', iban: IBAN, bankName: 'Swedbank AS', bic: 'HABALV22' },
    });
    expect(await settingsOf(ogre)).toEqual(body.settings);

    const row = await storedRow(ogre);
    expect(row.settings).toEqual({
      averagePeriods: 6,
      colours: { accent: '#0a5' },
      plausibilityFactor: 2.5,
      verificationReminderDays: 30,
      lastDayReminderHour: 18,
      bank: { recipient: 'SIA "Ogres Namsaimnieks"', registrationNumber: '40003297658', iban: IBAN, bankName: 'Swedbank AS', bic: 'HABALV22' },
    });
    // The readers the residents' routes use find exactly these values.
    expect(bankDetailsFrom(row.settings)).toMatchObject({ iban: IBAN, recipient: 'SIA "Ogres Namsaimnieks"' });
    expect(readingSettings(row.settings)).toMatchObject({ plausibilityFactor: 2.5, verificationReminderDays: 30, averagePeriods: 6 });

    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', ogre.id).where('action', '=', 'admin.settings.updated').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_kind: 'api_key', target_type: 'tenant', target_id: ogre.id });
    expect(audit[0]!.api_key_id).not.toBeNull();
    expect(forgotten).toEqual(['ogre']);
  });

  test('the same change again (or an empty one) is unchanged: nothing written, nothing audited', async () => {
    const before = await auditCount(ogre);
    forgotten.length = 0;
    const again = await patch(ogre, { timeZone: 'Europe/Tallinn', plausibilityFactor: 2.5, bank: { recipient: 'SIA "Ogres Namsaimnieks"', registrationNumber: '40003297658', iban: IBAN, bankName: 'Swedbank AS', bic: 'HABALV22' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ result: 'unchanged', changed: [] });
    const empty = await patch(ogre, {});
    expect(await empty.json()).toMatchObject({ result: 'unchanged', changed: [] });
    expect(await auditCount(ogre)).toBe(before);
    expect(forgotten).toEqual([]);
  });

  test('only the fields sent change; bank details are replaced as a whole and null removes them', async () => {
    expect(await (await patch(ogre, { bank: { recipient: 'Ogres Namsaimnieks', iban: IBAN } })).json()).toMatchObject({ changed: ['bank'] });
    const now = await settingsOf(ogre);
    expect(now.bank).toEqual({ recipient: 'Ogres Namsaimnieks', registrationNumber: null, iban: IBAN, bankName: null, bic: null });
    expect(now.timeZone).toBe('Europe/Tallinn');
    expect((await storedRow(ogre)).settings).toMatchObject({ bank: { recipient: 'Ogres Namsaimnieks', iban: IBAN } });
    expect(Object.keys(((await storedRow(ogre)).settings as { bank: object }).bank).sort()).toEqual(['iban', 'recipient']);

    expect(await (await patch(ogre, { bank: null })).json()).toMatchObject({ result: 'updated', changed: ['bank'] });
    expect((await settingsOf(ogre)).bank).toBeNull();
    expect((await storedRow(ogre)).settings).not.toHaveProperty('bank');
    expect((await storedRow(ogre)).settings).toMatchObject({ averagePeriods: 6 });
  });

  test.each([
    ['Ogres Namsaimnieks', { kind: 'month_end', lastDays: 2, nextMonthDays: 1 }],
    ['APSE', { kind: 'fixed_days', fromDay: 25, toDay: 28 }],
    ['Preiļi', { kind: 'fixed_days', fromDay: 25, toDay: 'last' }],
    ['Latvijas Gāze', { kind: 'until_working_day', fromDay: 27, workingDay: 1 }],
  ])("takes %s's window rule", async (_manager, rule) => {
    const response = await patch(ludza, { windowRule: rule });
    expect(response.status).toBe(200);
    expect((await settingsOf(ludza)).windowRule).toEqual(rule);
    expect((await storedRow(ludza)).reading_window).toEqual(rule);
  });

  test.each([
    ['a wrong IBAN check digit', { bank: { recipient: 'X', iban: 'LV81BANK0000435195001' } }, 'bank.iban', 'invalid_iban'],
    ['an IBAN of letters', { bank: { recipient: 'X', iban: 'not an iban' } }, 'bank.iban', 'invalid_iban'],
    ['a BIC of the wrong shape', { bank: { recipient: 'X', iban: IBAN, bic: 'HABA-LV' } }, 'bank.bic', 'invalid_bic'],
    ['no recipient', { bank: { iban: IBAN } }, 'bank.recipient', 'required'],
    ['a recipient too long for a bank', { bank: { recipient: 'x'.repeat(71), iban: IBAN } }, 'bank.recipient', 'too_long'],
    ['an origin with a path', { allowedOrigins: ['https://ogre.lv/portal'] }, 'allowedOrigins.0', 'invalid_origin'],
    ['a plain-http origin', { allowedOrigins: ['http://ogre.lv'] }, 'allowedOrigins.0', 'invalid_origin'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', 'unknown_time_zone'],
    ['an unknown rule kind', { windowRule: { kind: 'whenever' } }, 'windowRule.kind', 'invalid_union'],
    ['an impossible window', { windowRule: { kind: 'fixed_days', fromDay: 28, toDay: 25 } }, 'windowRule.toDay', 'custom'],
    ['a factor below 1', { plausibilityFactor: 0.5 }, 'plausibilityFactor', 'too_short'],
    ['a huge factor', { plausibilityFactor: 1e12 }, 'plausibilityFactor', 'too_long'],
    ['a factor as text', { plausibilityFactor: '3' }, 'plausibilityFactor', 'expected_number'],
    ['a fractional day count', { verificationReminderDays: 1.5 }, 'verificationReminderDays', 'expected_int'],
    ['an hour that is not one', { lastDayReminderHour: 24 }, 'lastDayReminderHour', 'too_long'],
    ['an empty name', { name: '  ' }, 'name', 'too_short'],
    ['an unknown field', { slug: 'other' }, '_', 'unknown_field'],
  ])('refuses %s with 400 and a field code, writing nothing', async (_what, body, field, code) => {
    const before = await storedRow(ludza);
    const audits = await auditCount(ludza);
    const response = await patch(ludza, { name: 'Must not be stored', ...body });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('validation_failed');
    expect(error.fields[field]).toBe(code);
    expect(await storedRow(ludza)).toEqual(before);
    expect(await auditCount(ludza)).toBe(audits);
  });

  test('a read-only key may not change them', async () => {
    const reader = await createKey(ctx, ludza, ['read']);
    const response = await patch(ludza, { name: 'Nope' }, reader.secret);
    expect(response.status).toBe(403);
    expect((await settingsOf(ludza)).name).not.toBe('Nope');
  });

  test("one tenant's change never touches another tenant's row", async () => {
    const before = await storedRow(ludza);
    expect((await patch(ogre, { name: 'Ogre only' })).status).toBe(200);
    expect(await storedRow(ludza)).toEqual(before);
  });

  test('the application role cannot change another tenant, nor its slug, even with a hand-made query', async () => {
    const attempt = await ctx.database.withTenant(ogre.id, async (trx) => {
      const other = await sql`update tenants set name = 'hijacked' where id = ${ludza.id}`.execute(trx);
      return Number(other.numAffectedRows ?? 0);
    });
    expect(attempt).toBe(0);
    await expect(ctx.database.withTenant(ogre.id, (trx) => sql`update tenants set slug = 'stolen' where id = ${ogre.id}`.execute(trx))).rejects.toThrow(/permission denied/);
    expect((await storedRow(ludza)).name).not.toBe('hijacked');
  });
});

describe('a change applies at once', () => {
  test('CORS lets a newly allowed origin embed the widgets on the next request', async () => {
    const preflight = (origin: string) => call(ctx, 'OPTIONS', '/v1/ludza/auth/login', { headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight('https://portal.ludza.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await patch(ludza, { allowedOrigins: ['https://portal.ludza.example'] })).status).toBe(200);
    expect((await preflight('https://portal.ludza.example')).headers.get('access-control-allow-origin')).toBe('https://portal.ludza.example');
  });

  test("residents see the new reading window on their next request", async () => {
    const premise = await createPremise(ctx.database, ludza.id, 'Raiņa iela 1-1', 'L-1');
    const user = await createUser(ctx.database, ludza.id, 'resident@ludza.example');
    await grant(ctx.database, ludza.id, user.id, premise.id, 'owner');
    const { accessToken } = await login(ctx, 'ludza', 'resident@ludza.example');
    const windowNow = async () => ((await (await call(ctx, 'GET', `/v1/ludza/premises/${premise.id}/meters`, { token: accessToken })).json()) as { window: { open: boolean; firstDay: string } }).window;
    // 20 May 2026: APSE's 25th–28th is still to come; a window from the 15th is open.
    expect((await patch(ludza, { windowRule: { kind: 'fixed_days', fromDay: 25, toDay: 28 } })).status).toBe(200);
    expect(await windowNow()).toMatchObject({ open: false, firstDay: '2026-05-25' });
    expect((await patch(ludza, { windowRule: { kind: 'fixed_days', fromDay: 15, toDay: 'last' } })).status).toBe(200);
    expect(await windowNow()).toMatchObject({ open: true, firstDay: '2026-05-15' });
  });
});
