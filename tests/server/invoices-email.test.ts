/**
 * Invoices by email (server/invoices/invoice-mail.ts): an invoice the manager creates reaches, once,
 * each person who may see the premise's invoices and chose invoices by email — in their language,
 * with the PDF attached and the payment details — through the scheduler and a real SMTP server.
 * Updating the invoice, or the job running again, sends nothing more.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAdminTenant, type AdminTenant } from './support/admin.ts';
import { adminForm, PDF, premisesWithRefs } from './support/admin-content.ts';
import { createMailRig, type MailRig } from './support/mail.ts';
import { duringJob } from './support/plan-guard.ts';
import { createTestApp, createUser, grant, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';
// After the app's modules (test-app.ts), which give zod its OpenAPI methods first.
import { createLogger } from '../../server/http/logger.ts';
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { invoiceMailHandlers } from '../../server/invoices/invoice-mail.ts';

let ctx: TestContext;
let mail: MailRig;
let ogre: AdminTenant;
let jobs: ReturnType<typeof createJobRunner>;

const invoice = (extra: Record<string, unknown> = {}) => ({
  premiseRef: 'P-111',
  issueDate: '2026-05-08',
  period: '2026-04',
  dueDate: '2026-05-31',
  amount: '42.17',
  lines: [{ service: 'Apsaimniekošana', quantity: '54.3', unit: 'm²', unitPrice: '0.45', sum: '24.44' }, { service: 'Aukstais ūdens', quantity: '3.2', unit: 'm³', unitPrice: '5.5406', sum: '17.73' }],
  ...extra,
});

async function person(email: string, premiseId: string, role: 'owner' | 'member', rights: Array<'invoices' | 'readings'>, invoicesByEmail: boolean, language: 'lv' | 'en' | 'ru' = 'lv') {
  const user = await createUser(ctx.database, ogre.id, email);
  await ctx.database.db.updateTable('users').set({ language, email_preferences: JSON.stringify({ invoicesByEmail }) }).where('id', '=', user.id).execute();
  await grant(ctx.database, ogre.id, user.id, premiseId, role, rights);
}

beforeAll(async () => {
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, publicUrl: 'https://api.doorstep.test', operatorToken: OPERATOR_TOKEN } });
  mail = await createMailRig(ctx.database);
  ogre = await createAdminTenant(ctx, 'ogre');
  const { premises } = await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-111', 'P-112']);
  await ctx.database.db
    .updateTable('tenants')
    .set({ name: 'Ogres Namsaimnieks', settings: JSON.stringify({ bank: { recipient: 'SIA Ogres Namsaimnieks', iban: 'LV80BANK0000435195001' } }) })
    .where('id', '=', ogre.id)
    .execute();
  await person('anna@example.lv', premises['P-111']!, 'owner', [], true);
  await person('olga@example.lv', premises['P-111']!, 'member', ['invoices'], true, 'ru');
  await person('liga@example.lv', premises['P-111']!, 'member', ['readings'], true);
  await person('maris@example.lv', premises['P-111']!, 'owner', [], false);
  await person('peteris@example.lv', premises['P-112']!, 'owner', [], true);
  // Two proxies with invoices by email on: one whose authorisation expired yesterday, one until next month.
  await person('expired@example.lv', premises['P-111']!, 'owner', [], true);
  await person('until@example.lv', premises['P-111']!, 'owner', [], true);
  await ctx.database.db.updateTable('grants').set({ role: 'proxy', expires_at: new Date(ctx.clock.now().getTime() - 24 * 3600_000) }).where('user_id', '=', (await userId('expired@example.lv'))).execute();
  await ctx.database.db.updateTable('grants').set({ role: 'proxy', expires_at: new Date(ctx.clock.now().getTime() + 30 * 24 * 3600_000) }).where('user_id', '=', (await userId('until@example.lv'))).execute();
  await ctx.database.db.updateTable('users').set({ name: 'Ольга' }).where('id', '=', await userId('olga@example.lv')).execute();
  jobs = createJobRunner({
    database: ctx.database,
    clock: ctx.clock,
    logger: createLogger('silent'),
    handlers: invoiceMailHandlers({ database: ctx.database, keys: ctx.deps.keys, apiBaseUrl: 'https://api.doorstep.test' }),
  });
});
afterAll(async () => {
  await mail.close();
  await ctx.close();
});

async function userId(email: string) {
  return (await ctx.database.db.selectFrom('users').select('id').where('tenant_id', '=', ogre.id).where('email', '=', email).executeTakeFirstOrThrow()).id;
}

const put = (number: string, body: object, pdf = true) =>
  adminForm(ctx, ogre, ogre.key, 'PUT', `/invoices/${number}`, { invoice: body, ...(pdf ? { pdf: { name: `${number}.pdf`, bytes: PDF } } : {}) });
const bodyOf = (message: { parsed: { text?: string } }) => (message.parsed.text ?? '').split('\n').filter((line) => line.trim() !== '');
const sendAll = async () => {
  await duringJob('invoice mail jobs', () => jobs.drain());
  return mail.deliver();
};

test('a new invoice goes to those who chose invoices by email and may see it, with its PDF and how to pay', async () => {
  expect((await put('DN-2026-05-0111', invoice())).status).toBe(201);
  const received = await sendAll();
  // Not Līga (no invoices right), Māris (did not choose it), Pēteris (another flat), nor the proxy
  // whose authorisation expired (the one still authorised gets it).
  expect(received.map((m) => m.envelope.to[0]).sort()).toEqual(['anna@example.lv', 'olga@example.lv', 'until@example.lv']);
  const anna = received.find((m) => m.envelope.to[0] === 'anna@example.lv')!;
  expect(anna.parsed.subject).toBe('Rēķins DN-2026-05-0111 par 04.2026 – Ogres Namsaimnieks');
  expect(anna.parsed.text).toContain('apmaksājams 42.17 EUR līdz 31.05.2026');
  expect(anna.parsed.text).toContain('konts LV80BANK0000435195001, maksājuma mērķis: DN-2026-05-0111');
  expect(anna.parsed.attachments).toHaveLength(1);
  expect(anna.parsed.attachments[0]).toMatchObject({ filename: 'DN-2026-05-0111.pdf', contentType: 'application/pdf' });
  expect(new Uint8Array(anna.parsed.attachments[0]!.content)).toEqual(PDF);
  expect(anna.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  const olga = received.find((m) => m.envelope.to[0] === 'olga@example.lv')!;
  expect(olga.parsed.subject).toBe('Счёт DN-2026-05-0111 за 04.2026 – Ogres Namsaimnieks');
  // The Russian text word for word (with the PDF and the payment details, as Anna's in Latvian).
  expect(bodyOf(olga).slice(0, 5)).toEqual([
    'Ogres Namsaimnieks',
    'Счёт за 04.2026',
    'Здравствуйте, Ольга!',
    'Street B-1-P-111: счёт DN-2026-05-0111, к оплате 42.17 EUR до 31.05.2026. Счёт во вложении (PDF).',
    'Получатель: SIA Ogres Namsaimnieks, счёт LV80BANK0000435195001, назначение платежа: DN-2026-05-0111.',
  ]);
  expect(olga.parsed.text).toContain('Открыть счета: ');
  expect(olga.parsed.text).toContain('Вы получили это письмо, потому что на портале клиентов Ogres Namsaimnieks выбрали получать счета по электронной почте.');
  expect(olga.parsed.text).toContain('Отписаться от этих писем: ');
  expect(olga.parsed.attachments).toHaveLength(1);
});

test('an update of the invoice, or its job run again, sends nothing more', async () => {
  expect((await put('DN-2026-05-0111', invoice({ balanceCarried: '10' }))).status).toBe(200);
  expect(await sendAll()).toEqual([]);
  await sql`update jobs set status = 'pending', attempts = 0, run_at = now() where kind = 'invoices.email'`.execute(ctx.database.db);
  expect(await sendAll()).toEqual([]);
});

test('an invoice without a PDF is sent without an attachment', async () => {
  expect((await put('DN-2026-05-0112', invoice(), false)).status).toBe(201);
  const received = await sendAll();
  expect(received).toHaveLength(3);
  expect(received.every((m) => m.parsed.attachments.length === 0)).toBe(true);
});
