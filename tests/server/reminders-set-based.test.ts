/**
 * The reading reminders queued set-based (reminders.repository.ts `queueReminders`: one statement
 * per batch builds the outbox rows from a template per language, reminder-templates.ts) make the
 * very messages the single-message path renders in JavaScript: the same subject, text, HTML and
 * headers, character for character, for names and labels that need HTML escaping, an empty name,
 * several premises and meters, in lv, en and ru. The unsubscribe token the database computes
 * (`unsubscribeTokenSql`, HMAC-SHA-256 from SQL's sha256) is the token jose signs. And a grant
 * that has expired gives no reminder (nor a line in someone's reminder).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAccountsTenant } from './support/accounts.ts';
import { createPremise, createTestApp, createUser, grant, type TestContext } from './support/test-app.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createTokenKeys } from '../../server/auth/tokens.ts';
import type { Tenant } from '../../server/db/types.ts';
import { tenantPageUrl, type Language } from '../../server/mail/layout.ts';
import { peopleDate, textsFor } from '../../server/mail/templates.ts';
import { reminderEmail, signUnsubscribeToken, unsubscribeTokenSql, verifyUnsubscribeToken } from '../../server/mail/unsubscribe.ts';
import { reminderTemplates } from '../../server/reminders/reminder-templates.ts';
import { queueReminders } from '../../server/reminders/reminders.repository.ts';
import { DEFAULT_WINDOW_RULE, windowOfPeriod } from '../../server/readings/window.ts';

let ctx: TestContext;
let tenant: Tenant;
const API = 'https://api.doorstep.test';
const NOW = new Date('2026-05-30T00:05:00+03:00');
const ids: Record<string, string> = {};
const premises: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, publicUrl: API } }, '2026-05-30T00:05:00+03:00');
  const { id } = await createAccountsTenant(ctx.database, 'ogre', 'Ogres "Nams" & <Co>');
  tenant = await ctx.database.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const people: Array<[string, string, Language]> = [
    ['anna@example.lv', '  Anna <O\'Brien> & "Co"  ', 'lv'],
    ['boris@example.lv', 'Борис', 'ru'],
    ['carl@example.lv', '', 'en'],
    ['expired@example.lv', 'Expired', 'lv'],
    ['later@example.lv', 'Later', 'lv'],
  ];
  for (const [email, name, language] of people) {
    ids[email] = (await createUser(ctx.database, tenant.id, email, { name })).id;
    await ctx.database.db.updateTable('users').set({ language, name }).where('id', '=', ids[email]!).execute();
  }
  premises.a = (await createPremise(ctx.database, tenant.id, 'Malkalnes prospekts 3-111 <A&B>', 'A1')).id;
  premises.b = (await createPremise(ctx.database, tenant.id, 'Skolas iela 5-2', 'A2')).id;
  premises.c = (await createPremise(ctx.database, tenant.id, 'Brīvības iela 9-9', 'A3')).id;
  const meter = (premise: string, kind: 'cold_water' | 'hot_water' | 'electricity', serial: string, location: string) =>
    ctx.database.db.insertInto('meters').values({ tenant_id: tenant.id, premise_id: premise, kind, serial_number: serial, location }).execute();
  await meter(premises.a, 'hot_water', 'H-1', 'Vannas istaba');
  await meter(premises.a, 'cold_water', 'C-1', '');
  await meter(premises.b, 'cold_water', 'C-2', 'Virtuve "A"');
  await meter(premises.c, 'electricity', 'E-3', 'Gaitenis');
  for (const email of ['anna@example.lv', 'boris@example.lv', 'carl@example.lv']) {
    await grant(ctx.database, tenant.id, ids[email]!, premises.a, 'owner');
    await grant(ctx.database, tenant.id, ids[email]!, premises.b, 'owner');
  }
  // Anna was a proxy for the third flat until yesterday: no line for it.
  await grant(ctx.database, tenant.id, ids['anna@example.lv']!, premises.c, 'proxy');
  await grant(ctx.database, tenant.id, ids['expired@example.lv']!, premises.c, 'proxy');
  await grant(ctx.database, tenant.id, ids['later@example.lv']!, premises.c, 'proxy');
  await ctx.database.db.updateTable('grants').set({ expires_at: new Date('2026-05-29T00:00:00Z') }).where('premise_id', '=', premises.c).where('user_id', 'in', [ids['anna@example.lv']!, ids['expired@example.lv']!]).execute();
  await ctx.database.db.updateTable('grants').set({ expires_at: new Date('2026-06-30T00:00:00Z') }).where('premise_id', '=', premises.c).where('user_id', '=', ids['later@example.lv']!).execute();
});
afterAll(() => ctx.close());

const window = () => windowOfPeriod(DEFAULT_WINDOW_RULE, '2026-05', 'Europe/Riga', []);

async function queueAll(limit: number) {
  const reminder = { kind: 'window_open' as const, window: window() };
  const made = reminderTemplates(tenant, reminder, API);
  let after: string | null = null;
  const batches = [];
  do {
    const done = await ctx.database.withTenant(tenant.id, (trx) =>
      queueReminders(
        trx,
        { tenantId: tenant.id, kind: 'window_open', period: '2026-05', periodEnd: '2026-05-31', buildingId: null, otherBuildings: [], now: NOW, afterUserId: after, limit },
        made,
        (userId) => unsubscribeTokenSql(ctx.deps.keys, { tenantId: tenant.id, category: 'readingReminders' }, NOW, userId),
      ),
    );
    batches.push(done);
    after = done.last;
  } while (after !== null);
  return batches;
}

test('the token the database computes is the token jose signs, and it verifies (short and long keys)', async () => {
  for (const keys of [ctx.deps.keys, createTokenKeys('k'.repeat(100))]) {
    const userId = ids['anna@example.lv']!;
    const { rows } = await sql<{ token: string }>`select ${unsubscribeTokenSql(keys, { tenantId: tenant.id, category: 'readingReminders' }, NOW, sql`${userId}::uuid`)} as token`.execute(ctx.database.db);
    const token = rows[0]!.token;
    expect(token).toBe(await signUnsubscribeToken(keys, { tenantId: tenant.id, userId, category: 'readingReminders' }, NOW));
    expect(await verifyUnsubscribeToken(keys, token, tenant.id, NOW)).toEqual({ userId, category: 'readingReminders' });
    // Another tenant's audience does not pass.
    expect(await verifyUnsubscribeToken(keys, token, ids['boris@example.lv']!, NOW)).toBeNull();
  }
});

test('set-based messages equal the ones rendered one by one; expired grants give nothing', async () => {
  const batches = await queueAll(2);
  // Two full batches then the rest: five people found at most, the expired one not at all.
  expect(batches.map((b) => b.queued).reduce((a, b) => a + b)).toBe(4);
  const rows = await ctx.database.db.selectFrom('email_outbox').selectAll().where('tenant_id', '=', tenant.id).orderBy('recipient').execute();
  expect(rows.map((r) => r.recipient)).toEqual(['anna@example.lv', 'boris@example.lv', 'carl@example.lv', 'later@example.lv']);

  const w = window();
  const expected = async (email: string, language: Language, name: string, owed: Array<{ label: string; meters: Array<{ kind: string; serialNumber: string; location: string }> }>) =>
    reminderEmail({
      keys: ctx.deps.keys,
      apiBaseUrl: API,
      tenant,
      recipient: { userId: ids[email]!, email, name, language },
      category: 'readingReminders',
      template: 'reminder_window_open',
      block: textsFor(language).windowOpens({ tenant: tenant.name, firstDay: peopleDate(w.firstDay), lastDay: peopleDate(w.lastDay), premises: owed }),
      actionUrl: tenantPageUrl(tenant, {}),
      now: NOW,
    });
  const twoFlats = [
    { label: 'Malkalnes prospekts 3-111 <A&B>', meters: [{ kind: 'cold_water', serialNumber: 'C-1', location: '' }, { kind: 'hot_water', serialNumber: 'H-1', location: 'Vannas istaba' }] },
    { label: 'Skolas iela 5-2', meters: [{ kind: 'cold_water', serialNumber: 'C-2', location: 'Virtuve "A"' }] },
  ];
  const cases = [
    await expected('anna@example.lv', 'lv', 'Anna <O\'Brien> & "Co"', twoFlats),
    await expected('boris@example.lv', 'ru', 'Борис', twoFlats),
    await expected('carl@example.lv', 'en', '', twoFlats),
    await expected('later@example.lv', 'lv', 'Later', [{ label: 'Brīvības iela 9-9', meters: [{ kind: 'electricity', serialNumber: 'E-3', location: 'Gaitenis' }] }]),
  ];
  for (const [i, message] of cases.entries()) {
    const row = rows[i]!;
    expect(row.recipient).toBe(message.to);
    expect(row.subject).toBe(message.subject);
    expect(row.text_body).toBe(message.text);
    expect(row.html_body).toBe(message.html);
    expect(typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers).toEqual(message.headers);
    expect(row.template).toBe('reminder_window_open');
  }
  // The escaping happened (not merely equal to an unescaped twin).
  expect(rows[0]!.html_body).toContain('Anna &lt;O&#39;Brien&gt; &amp; &quot;Co&quot;');
  expect(rows[0]!.text_body).toContain('Anna <O\'Brien> & "Co"!');
  expect(rows[0]!.text_body).not.toContain('Brīvības');

  // Run again: every key is held, nothing more is queued.
  const again = await queueAll(10);
  expect(again.map((b) => b.queued)).toEqual([0]);
  expect(Number((await ctx.database.db.selectFrom('email_outbox').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow()).n)).toBe(4);
});
