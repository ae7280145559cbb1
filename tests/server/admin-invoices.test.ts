/**
 * The manager's invoices: PUT by number with lines and a PDF (multipart), upsert results,
 * money rules, the upload policy on the PDF, payments by PATCH, and residents seeing all of it at
 * once through their own invoice routes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { adminForm, auditActions, PDF, pdfOfSize, PNG, premisesWithRefs, residentGet, residentOf } from './support/admin-content.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;
let premises: Record<string, string>;
let anna: { userId: string; token: string };

const invoice = (extra: Record<string, unknown> = {}) => ({
  premiseRef: 'P-111',
  issueDate: '2026-05-08',
  period: '2026-04',
  dueDate: '2026-05-31',
  amount: '42.17',
  lines: [
    { service: 'Apsaimniekošana', quantity: '54.3', unit: 'm²', unitPrice: '0.45', sum: '24.44' },
    { service: 'Aukstais ūdens', quantity: '3.2', unit: 'm³', unitPrice: '5.5406', sum: '17.73' },
  ],
  ...extra,
});

const putInvoice = (number: string, body: object, pdf?: { name: string; bytes: Uint8Array }, tenant = ogre, key = ogre.key) =>
  adminForm(ctx, tenant, key, 'PUT', `/invoices/${encodeURIComponent(number)}`, { invoice: body, ...(pdf ? { pdf } : {}) });

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  ludza = await createAdminTenant(ctx, 'ludza');
  ({ premises } = await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-111', 'P-112']));
  await premisesWithRefs(ctx, ludza.id, 'L-1', ['L-P-1']);
  anna = await residentOf(ctx, ogre, 'anna@example.lv', premises['P-111']!);
});
afterAll(() => ctx.close());

describe('PUT /invoices/{number}', () => {
  test('creates an invoice with lines and a PDF that the resident sees at once, with its status', async () => {
    const response = await putInvoice('DN-2026-05-0111', invoice(), { name: 'DN-2026-05-0111.pdf', bytes: PDF });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.result).toBe('created');
    expect(body.item).toMatchObject({
      number: 'DN-2026-05-0111',
      premiseRef: 'P-111',
      amount: '42.17',
      balanceCarried: '0.00',
      totalDue: '42.17',
      paidAmount: '0.00',
      amountToPay: '42.17',
      status: 'unpaid',
      pdf: { fileName: 'DN-2026-05-0111.pdf', sizeBytes: PDF.byteLength },
    });
    expect(body.item.lines[1]).toMatchObject({ position: 2, quantity: '3.2000', unitPrice: '5.5406', sum: '17.73' });

    const list = await (await residentGet(ctx, ogre, anna.token, `/premises/${premises['P-111']}/invoices`)).json();
    expect(list.invoices).toHaveLength(1);
    expect(list.invoices[0]).toMatchObject({ number: 'DN-2026-05-0111', totalDue: '42.17', status: 'unpaid', hasPdf: true });
    const pdf = await residentGet(ctx, ogre, anna.token, `/premises/${premises['P-111']}/invoices/${list.invoices[0].id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(PDF);
    expect((await auditActions(ctx, ogre.id)).map((a) => a.action)).toContain('admin.invoice.created');
  });

  test('the same invoice again is unchanged and writes nothing; a change is an update', async () => {
    const auditBefore = (await auditActions(ctx, ogre.id)).length;
    const again = await putInvoice('DN-2026-05-0111', invoice(), { name: 'DN-2026-05-0111.pdf', bytes: PDF });
    expect(again.status).toBe(200);
    expect((await again.json()).result).toBe('unchanged');
    expect((await auditActions(ctx, ogre.id)).length).toBe(auditBefore);

    const changed = await putInvoice('DN-2026-05-0111', invoice({ balanceCarried: '10', amount: '42.17' }));
    expect(changed.status).toBe(200);
    const body = await changed.json();
    expect(body).toMatchObject({ result: 'updated', item: { totalDue: '52.17', pdf: { fileName: 'DN-2026-05-0111.pdf' } } });
    const detail = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/invoices/DN-2026-05-0111')).json();
    expect(detail.item.lines).toHaveLength(2);
  });

  test('lines that do not add up to the amount, or a wrong total: 422 with a stable code, nothing written', async () => {
    const bad = await putInvoice('DN-BAD-1', invoice({ amount: '42.18' }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({ code: 'lines_do_not_add_up', fields: { amount: '42.18', linesTotal: '42.17' } });
    const total = await putInvoice('DN-BAD-2', invoice({ balanceCarried: '1.00', totalDue: '42.17' }));
    expect(total.status).toBe(422);
    expect((await total.json()).error.code).toBe('total_does_not_add_up');
    expect(await ctx.database.db.selectFrom('invoices').select('id').where('number', 'like', 'DN-BAD%').execute()).toEqual([]);
  });

  test('bad money, dates, types and JSON answer 400 validation_failed with the fields', async () => {
    const cases: [object | string, string][] = [
      [invoice({ amount: '42.171' }), 'amount'],
      [invoice({ amount: 42.17 }), 'amount'],
      [invoice({ amount: '1e3' }), 'amount'],
      [invoice({ amount: '99999999999.00' }), 'amount'],
      [invoice({ issueDate: '2026-02-30' }), 'issueDate'],
      [invoice({ issueDate: '0000-01-01' }), 'issueDate'],
      [invoice({ paidAmount: '1', paidAt: '0000-01-01T00:00:00Z' }), 'paidAt'],
      [invoice({ period: '2026-13' }), 'period'],
      [invoice({ dueDate: '2026-05-01' }), 'dueDate'],
      [invoice({ paidAmount: '-1.00' }), 'paidAmount'],
      [invoice({ surprise: true }), ''],
      ['{not json', 'invoice'],
    ];
    for (const [body, field] of cases) {
      const form = { invoice: typeof body === 'string' ? body : JSON.stringify(body) };
      const response = await adminForm(ctx, ogre, ogre.key, 'PUT', '/invoices/DN-400', form);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      const { error } = await response.json();
      expect(error.code).toBe('validation_failed');
      if (field) expect(Object.keys(error.fields)).toContain(field);
    }
    const badNumber = await putInvoice('bad number!', invoice());
    expect(badNumber.status).toBe(400);
  });

  test('a PNG renamed .pdf is 422 file_type_not_allowed; a PNG as such too (only PDF); too large is 413', async () => {
    const renamed = await putInvoice('DN-PNG', invoice(), { name: 'DN-PNG.pdf', bytes: PNG });
    expect(renamed.status).toBe(422);
    expect((await renamed.json()).error.code).toBe('file_type_not_allowed');
    const png = await putInvoice('DN-PNG', invoice(), { name: 'scan.png', bytes: PNG });
    expect(png.status).toBe(422);
    expect((await png.json()).error.code).toBe('file_type_not_allowed');
    const large = await putInvoice('DN-BIG', invoice(), { name: 'big.pdf', bytes: pdfOfSize(10 * 1024 * 1024 + 1) });
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe('file_too_large');
    expect(await ctx.database.db.selectFrom('invoices').select('id').where('number', 'in', ['DN-PNG', 'DN-BIG']).execute()).toEqual([]);
  });

  test("another tenant's premise ref, or an unknown one, answers 404; JSON instead of a form 415", async () => {
    const other = await putInvoice('DN-LUDZA', invoice({ premiseRef: 'L-P-1' }));
    expect(other.status).toBe(404);
    expect((await other.json()).error).toMatchObject({ code: 'not_found', fields: { premiseRef: 'not_found' } });
    const json = await adminRequest(ctx, ogre, ogre.key, 'PUT', '/invoices/DN-JSON', invoice());
    expect(json.status).toBe(415);
  });

  test("another tenant's invoice numbers are not there", async () => {
    expect((await adminRequest(ctx, ludza, ludza.key, 'GET', '/invoices/DN-2026-05-0111')).status).toBe(404);
    expect((await adminRequest(ctx, ludza, ludza.key, 'PATCH', '/invoices/DN-2026-05-0111', { paidAmount: '1.00' })).status).toBe(404);
    const list = await (await adminRequest(ctx, ludza, ludza.key, 'GET', '/invoices')).json();
    expect(list.items).toEqual([]);
  });
});

describe('odd bodies', () => {
  test('the JSON part may come as a file part; junk forms answer 4xx, never 5xx', async () => {
    const form = new FormData();
    form.append('invoice', new File([JSON.stringify(invoice({ issueDate: '2026-04-08', period: '2026-02' }))], 'invoice.json', { type: 'application/json' }));
    const asFile = await ctx.app.request('/v1/ogre/admin/invoices/DN-FILE-PART', { method: 'PUT', headers: { authorization: `Bearer ${ogre.key}` }, body: form });
    expect(asFile.status).toBe(201);

    const broken = await ctx.app.request('/v1/ogre/admin/invoices/DN-JUNK', {
      method: 'PUT',
      headers: { authorization: `Bearer ${ogre.key}`, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--abc\r\nnot a form',
    });
    expect(broken.status).toBe(400);
    for (const junk of ['null', '[]', '"text"', '{"lines":"many"}', JSON.stringify(invoice({ lines: Array.from({ length: 201 }, () => ({ service: 's', quantity: '1', unitPrice: '1', sum: '1' })) }))]) {
      const response = await adminForm(ctx, ogre, ogre.key, 'PUT', '/invoices/DN-JUNK', { invoice: junk });
      expect({ junk: junk.slice(0, 20), status: response.status }).toEqual({ junk: junk.slice(0, 20), status: 400 });
    }
    const twoPdfs = await adminForm(ctx, ogre, ogre.key, 'PUT', '/invoices/DN-JUNK', { invoice: invoice(), pdf: [{ name: 'a.pdf', bytes: PDF }, { name: 'b.pdf', bytes: PDF }] });
    expect(twoPdfs.status).toBe(400);
    expect(await ctx.database.db.selectFrom('invoices').select('id').where('number', '=', 'DN-JUNK').execute()).toEqual([]);
  });
});

describe('PATCH /invoices/{number}', () => {
  test('a part payment, then the rest: residents see partly paid, then paid', async () => {
    const part = await adminRequest(ctx, ogre, ogre.key, 'PATCH', '/invoices/DN-2026-05-0111', { paidAmount: '20.00' });
    expect(part.status).toBe(200);
    expect((await part.json()).item).toMatchObject({ paidAmount: '20.00', status: 'partly_paid', amountToPay: '32.17', paidAt: ctx.clock.now().toISOString() });
    let list = await (await residentGet(ctx, ogre, anna.token, `/premises/${premises['P-111']}/invoices`)).json();
    expect(list.invoices[0]).toMatchObject({ status: 'partly_paid', paidAmount: '20.00' });

    const full = await adminRequest(ctx, ogre, ogre.key, 'PATCH', '/invoices/DN-2026-05-0111', { paidAmount: '52.17', paidAt: '2026-05-21T08:00:00Z' });
    expect((await full.json()).item).toMatchObject({ status: 'paid', amountToPay: '0.00', paidAt: '2026-05-21T08:00:00.000Z' });
    list = await (await residentGet(ctx, ogre, anna.token, `/premises/${premises['P-111']}/invoices`)).json();
    expect(list.invoices[0]).toMatchObject({ status: 'paid' });

    const same = await adminRequest(ctx, ogre, ogre.key, 'PATCH', '/invoices/DN-2026-05-0111', { paidAmount: '52.17' });
    expect((await same.json()).result).toBe('unchanged');
    const actions = (await auditActions(ctx, ogre.id)).filter((a) => a.action === 'admin.invoice.payment_changed');
    expect(actions).toHaveLength(2);
  });

  test('a PUT without paidAmount keeps the payment', async () => {
    const response = await putInvoice('DN-2026-05-0111', invoice({ balanceCarried: '10' }));
    expect((await response.json()).item).toMatchObject({ paidAmount: '52.17', status: 'paid' });
  });

  test('refuses bad amounts and unknown fields; an overdue invoice shows overdue', async () => {
    for (const body of [{ paidAmount: '-5' }, { paidAmount: 'lots' }, { paidAmount: 5 }, { status: 'paid' }, { dueDate: '2026-01-01' }]) {
      const response = await adminRequest(ctx, ogre, ogre.key, 'PATCH', '/invoices/DN-2026-05-0111', body);
      expect(response.status).toBe(400);
    }
    await putInvoice('DN-OLD', invoice({ premiseRef: 'P-112', issueDate: '2026-04-01', dueDate: '2026-04-30', period: '2026-03' }));
    const old = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/invoices/DN-OLD')).json();
    expect(old.item.status).toBe('overdue');
  });
});

describe('GET /invoices', () => {
  test('pages through every invoice once, filters by premise and period; a read key may read, not write', async () => {
    for (let i = 0; i < 5; i++) await putInvoice(`DN-PAGE-${i}`, invoice({ premiseRef: 'P-112' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { number: string }[]; nextCursor: string | null } = await (
        await adminRequest(ctx, ogre, ogre.key, 'GET', `/invoices?limit=2&premiseRef=P-112${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i) => i.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['DN-OLD', 'DN-PAGE-0', 'DN-PAGE-1', 'DN-PAGE-2', 'DN-PAGE-3', 'DN-PAGE-4']);
    const march = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/invoices?period=2026-03')).json();
    expect(march.items.map((i: { number: string }) => i.number)).toEqual(['DN-OLD']);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', '/invoices?premiseRef=nope')).status).toBe(404);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', '/invoices?cursor=garbage')).status).toBe(400);

    const reader = (await createKey(ctx, ogre, ['read'])).secret;
    expect((await adminRequest(ctx, ogre, reader, 'GET', '/invoices/DN-2026-05-0111/pdf')).status).toBe(200);
    expect((await putInvoice('DN-READER', invoice(), undefined, ogre, reader)).status).toBe(403);
  });

  test('an invoice number with a slash travels URL-encoded', async () => {
    const response = await putInvoice('2026/05/111', invoice());
    expect(response.status).toBe(201);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', '/invoices/2026%2F05%2F111')).status).toBe(200);
  });
});
