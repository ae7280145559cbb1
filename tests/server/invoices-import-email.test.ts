/**
 * Invoices that arrive by CSV/NDJSON import are emailed like those the admin route creates
 * (server/invoices/invoice-mail.ts): the import queues one job per new invoice in its own
 * transaction, and the residents who chose invoices by email get it once, in their language,
 * through the scheduler and a real SMTP server. A dry run, a refused file, the same file again or a
 * changed invoice sends nothing (more).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { premisesWithRefs } from './support/admin-content.ts';
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

const HEADER = 'invoice_number,premise_ref,period,issue_date,due_date,line_service,line_quantity,line_unit,line_unit_price,line_sum';
const line = (number: string, premise: string, service: string, sum: string) => `${number},${premise},2026-04,2026-05-08,2026-05-31,${service},1,gab.,${sum},${sum}`;
const FILE = [HEADER, line('IM-0001', 'P-211', 'Apsaimniekošana', '24.44'), line('IM-0001', 'P-211', 'Aukstais ūdens', '17.73'), line('IM-0002', 'P-212', 'Apsaimniekošana', '30.00')].join('\n') + '\n';

async function person(email: string, premiseId: string, language: 'lv' | 'en' | 'ru', invoicesByEmail = true) {
  const user = await createUser(ctx.database, ogre.id, email);
  await ctx.database.db.updateTable('users').set({ language, email_preferences: JSON.stringify({ invoicesByEmail }) }).where('id', '=', user.id).execute();
  await grant(ctx.database, ogre.id, user.id, premiseId, 'owner', []);
}

const importInvoices = async (body: string, query = '', headers: Record<string, string> = { 'content-type': 'text/csv' }) =>
  (await adminRequest(ctx, ogre, ogre.key, 'POST', `/imports/invoices${query}`, body, headers)).status;

const sendAll = async () => {
  await duringJob('invoice mail jobs', () => jobs.drain());
  return mail.deliver();
};

const mailJobs = async () => Number((await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'invoices.email' and tenant_id = ${ogre.id}`.execute(ctx.database.db)).rows[0]!.n);

beforeAll(async () => {
  ctx = await createTestApp({ config: { demoMode: false, trustProxy: true, publicUrl: 'https://api.doorstep.test', operatorToken: OPERATOR_TOKEN } });
  mail = await createMailRig(ctx.database);
  ogre = await createAdminTenant(ctx, 'ogre-import-mail');
  const { premises } = await premisesWithRefs(ctx, ogre.id, 'B-2', ['P-211', 'P-212']);
  await ctx.database.db.updateTable('tenants').set({ name: 'Ogres Namsaimnieks' }).where('id', '=', ogre.id).execute();
  await person('anna@example.lv', premises['P-211']!, 'lv');
  await person('maris@example.lv', premises['P-211']!, 'lv', false);
  await person('olga@example.lv', premises['P-212']!, 'ru');
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

test('a dry run and a refused file queue nothing', async () => {
  expect(await importInvoices(FILE, '?dryRun=true')).toBe(200);
  expect(await importInvoices(FILE + line('IM-0003', 'P-999', 'Apsaimniekošana', '1.00') + '\n')).toBe(422);
  expect(await mailJobs()).toBe(0);
  expect(await sendAll()).toEqual([]);
});

test('each imported invoice reaches, once, those who chose invoices by email, in their language', async () => {
  expect(await importInvoices(FILE)).toBe(200);
  expect(await mailJobs()).toBe(2);
  const received = await sendAll();
  // Not Māris (did not choose it).
  expect(received.map((m) => m.envelope.to[0]).sort()).toEqual(['anna@example.lv', 'olga@example.lv']);
  const anna = received.find((m) => m.envelope.to[0] === 'anna@example.lv')!;
  expect(anna.parsed.subject).toBe('Rēķins IM-0001 par 04.2026 – Ogres Namsaimnieks');
  expect(anna.parsed.text).toContain('apmaksājams 42.17 EUR līdz 31.05.2026');
  expect(anna.parsed.attachments).toHaveLength(0);
  const olga = received.find((m) => m.envelope.to[0] === 'olga@example.lv')!;
  expect(olga.parsed.subject).toBe('Счёт IM-0002 за 04.2026 – Ogres Namsaimnieks');
});

test('the same file again, a changed invoice, NDJSON of the same, or the jobs run again: nothing more is sent', async () => {
  expect(await importInvoices(FILE)).toBe(200);
  expect(await importInvoices(FILE.replace('17.73,17.73', '17.74,17.74'))).toBe(200);
  const ndjson = FILE.trim().split('\n').slice(1).map((row) => {
    const cells = row.split(',');
    return JSON.stringify(Object.fromEntries(HEADER.split(',').map((column, i) => [column, cells[i]])));
  });
  expect(await importInvoices(ndjson.join('\n') + '\n', '', { 'content-type': 'application/x-ndjson' })).toBe(200);
  expect(await mailJobs()).toBe(2);
  expect(await sendAll()).toEqual([]);
  await sql`update jobs set status = 'pending', attempts = 0, run_at = now() where kind = 'invoices.email'`.execute(ctx.database.db);
  expect(await sendAll()).toEqual([]);
});

test('a new invoice in a later file is sent like the first ones', async () => {
  expect(await importInvoices([HEADER, line('IM-0003', 'P-212', 'Apsaimniekošana', '30.00')].join('\n') + '\n')).toBe(200);
  const received = await sendAll();
  expect(received.map((m) => [m.envelope.to[0], m.parsed.subject])).toEqual([['olga@example.lv', 'Счёт IM-0003 за 04.2026 – Ogres Namsaimnieks']]);
});
