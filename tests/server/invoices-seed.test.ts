import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
/**
 * The demo's invoices through the API, as the widgets and the demo page see them: every seeded
 * invoice has a stored, readable PDF; Anna downloads hers, Līga (a member with the invoices right)
 * may too, Pēteris may not; the payment details come from the demo tenant's settings.
 */
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemo, ANNA_FIRST_PREMISE, DEMO_EMAILS, DEMO_PASSWORD } from '../../server/demo/seed.ts';
import { call, createTestApp, login, type TestContext } from './support/test-app.ts';

// The demo's own moment: after the April invoice (issued 5 May), before its due date.
const NOW = '2026-05-20T09:00:00Z';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp({}, NOW);
  await seedDemo(ctx.database, ctx.deps.files, { now: new Date(NOW), personalCodeKey: ctx.deps.personalCodeKey, secretBox: ctx.deps.secretBox });
});
afterAll(() => ctx.close());

async function annaFirstPremise(token: string) {
  const me = await (await call(ctx, 'GET', '/v1/demo/me', { token })).json();
  return me.premises.find((p: { label: string }) => p.label === ANNA_FIRST_PREMISE.label).id as string;
}

test('every seeded invoice has a stored PDF', async () => {
  const missing = await ctx.database.db.selectFrom('invoices').select('number').where('file_id', 'is', null).execute();
  expect(missing).toEqual([]);
  const files = await ctx.database.db
    .selectFrom('invoices')
    .innerJoin('stored_files', 'stored_files.id', 'invoices.file_id')
    .select(['stored_files.content_type', 'stored_files.file_name', 'invoices.number'])
    .execute();
  expect(files.length).toBeGreaterThan(50);
  for (const file of files) expect(file).toMatchObject({ content_type: 'application/pdf', file_name: `Rēķins ${file.number}.pdf` });
});

test('Anna sees her newest invoice first, unpaid, with the demo bank details and a QR', async () => {
  const { accessToken } = await login(ctx, 'demo', DEMO_EMAILS.anna, DEMO_PASSWORD);
  const premiseId = await annaFirstPremise(accessToken);
  const page = await (await call(ctx, 'GET', `/v1/demo/premises/${premiseId}/invoices?limit=3`, { token: accessToken })).json();
  expect(page.invoices).toHaveLength(3);
  const newest = page.invoices[0];
  expect(newest).toMatchObject({ period: '2026-04', status: 'unpaid', hasPdf: true });
  const detail = await (await call(ctx, 'GET', `/v1/demo/premises/${premiseId}/invoices/${newest.id}`, { token: accessToken })).json();
  expect(detail.lines.length).toBeGreaterThan(0);
  expect(detail.payment).toMatchObject({ recipient: 'SIA "Demo Namsaimnieks"', reference: newest.number, amount: newest.amountToPay });
  expect(detail.payment.qr.payload.startsWith('BCD\n002\n1\nSCT\n')).toBe(true);

  const pdf = await call(ctx, 'GET', `/v1/demo/premises/${premiseId}/invoices/${newest.id}/pdf`, { token: accessToken });
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(pdf.headers.get('content-disposition')).toContain(`filename*=UTF-8''R%C4%93%C4%B7ins%20${encodeURIComponent(newest.number)}.pdf`);
  const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
  expect(doc.getTitle()).toBe(`Rēķins Nr. ${newest.number}`);
});

test('Līga (invoices right) may download it; Pēteris gets 404', async () => {
  const anna = await login(ctx, 'demo', DEMO_EMAILS.anna, DEMO_PASSWORD);
  const premiseId = await annaFirstPremise(anna.accessToken);
  const newest = (await (await call(ctx, 'GET', `/v1/demo/premises/${premiseId}/invoices?limit=1`, { token: anna.accessToken })).json()).invoices[0];
  const path = `/v1/demo/premises/${premiseId}/invoices/${newest.id}/pdf`;
  const liga = await login(ctx, 'demo', DEMO_EMAILS.liga, DEMO_PASSWORD);
  expect((await call(ctx, 'GET', path, { token: liga.accessToken })).status).toBe(200);
  const peteris = await login(ctx, 'demo', DEMO_EMAILS.peteris, DEMO_PASSWORD);
  expect((await call(ctx, 'GET', path, { token: peteris.accessToken })).status).toBe(404);
});
