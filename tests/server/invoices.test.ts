/**
 * The invoices API over the real app: keyset pages that stay stable while invoices are added,
 * limit and cursor validation, detail with lines and payment details, the PDF download with its
 * headers and exact bytes, and who may see what (other residents, other tenants, members).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeCursor } from '../../server/invoices/pagination.ts';
import { BANK, insertInvoice, insertLines, setBankDetails, tinyPdf } from './invoices-fixtures.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogreId: string;
let annaFlat: string;
let petersFlat: string;
let ludzaFlat: string;
const pdfs = new Map<string, Uint8Array>();
const ids = new Map<string, string>();

/** 2025-01 … 2026-04: sixteen monthly invoices for Anna's flat, issued on the 5th. */
const MONTHS = Array.from({ length: 16 }, (_, i) => {
  const date = new Date(Date.UTC(2025, i, 5));
  return date.toISOString().slice(0, 10);
});

beforeAll(async () => {
  ctx = await createTestApp({}, '2026-05-20T09:00:00Z');
  ogreId = (await createTenant(ctx.database, 'ogre')).id;
  const ludzaId = (await createTenant(ctx.database, 'ludza')).id;
  await setBankDetails(ctx.database, ogreId);
  const annaUser = await createUser(ctx.database, ogreId, 'anna@example.lv');
  const peteris = await createUser(ctx.database, ogreId, 'peteris@example.lv');
  const liga = await createUser(ctx.database, ogreId, 'liga@example.lv');
  const maris = await createUser(ctx.database, ogreId, 'maris@example.lv');
  const ludzaAnna = await createUser(ctx.database, ludzaId, 'anna@example.lv');
  annaFlat = (await createPremise(ctx.database, ogreId, 'Malkalnes prospekts 3-111', '12345')).id;
  petersFlat = (await createPremise(ctx.database, ogreId, 'Rīgas iela 10-4', '22222')).id;
  ludzaFlat = (await createPremise(ctx.database, ludzaId, 'Raiņa iela 1-1', '12345')).id;
  await grant(ctx.database, ogreId, annaUser.id, annaFlat, 'owner');
  await grant(ctx.database, ogreId, peteris.id, petersFlat, 'owner');
  await grant(ctx.database, ogreId, liga.id, annaFlat, 'member', ['invoices']);
  await grant(ctx.database, ogreId, maris.id, annaFlat, 'member', ['readings']);
  await grant(ctx.database, ludzaId, ludzaAnna.id, ludzaFlat, 'owner');

  for (const [i, issueDate] of MONTHS.entries()) {
    const number = `R-${issueDate.slice(0, 7)}-111`;
    const pdf = tinyPdf(number);
    pdfs.set(number, pdf);
    const invoice = await insertInvoice(ctx.database, ogreId, annaFlat, {
      number,
      issueDate,
      dueDate: `${issueDate.slice(0, 7)}-31`.replace(/-(02|04|06|09|11)-31$/, '-$1-28'),
      amount: '61.25',
      paidAmount: i === MONTHS.length - 1 ? '0.00' : '61.25',
      pdf,
    });
    ids.set(number, invoice.id);
  }
  await insertLines(ctx.database, ogreId, ids.get('R-2026-04-111')!, [
    { service: 'Apsaimniekošana', quantity: '54.3000', unit: 'm²', unitPrice: '0.4900', sum: '26.61' },
    { service: 'Aukstais ūdens', quantity: '3.4120', unit: 'm³', unitPrice: '2.4800', sum: '8.46' },
  ]);
  await insertInvoice(ctx.database, ogreId, petersFlat, { number: 'R-2026-04-004', issueDate: '2026-05-05', pdf: tinyPdf('peteris') });
  await insertInvoice(ctx.database, ludzaId, ludzaFlat, { number: 'L-2026-04-001', issueDate: '2026-05-05', pdf: tinyPdf('ludza') });
});
afterAll(() => ctx.close());

const token = async (email: string, tenant = 'ogre') => (await login(ctx, tenant, email)).accessToken;
const list = (t: string, query = '', premise = annaFlat) => call(ctx, 'GET', `/v1/ogre/premises/${premise}/invoices${query}`, { token: t });

async function allPages(t: string, limit: number, between?: (page: number) => Promise<void>) {
  const numbers: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const response = await list(t, `?limit=${limit}${cursor ? `&before=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    numbers.push(...body.invoices.map((i: { number: string }) => i.number));
    cursor = body.nextCursor;
    if (!cursor) break;
    await between?.(page);
  }
  return numbers;
}

describe('list', () => {
  test('newest first, with amounts as decimal strings and the status computed', async () => {
    const response = await list(await token('anna@example.lv'), '?limit=2');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.invoices.map((i: { number: string }) => i.number)).toEqual(['R-2026-04-111', 'R-2026-03-111']);
    expect(body.invoices[0]).toMatchObject({
      issueDate: '2026-04-05',
      period: '2026-04',
      dueDate: '2026-04-28',
      amount: '61.25',
      balanceCarried: '0.00',
      totalDue: '61.25',
      paidAmount: '0.00',
      amountToPay: '61.25',
      status: 'overdue',
      hasPdf: true,
    });
    expect(body.invoices[1]).toMatchObject({ status: 'paid', amountToPay: '0.00' });
    expect(decodeCursor(body.nextCursor)).toEqual({ issueDate: '2026-03-05', id: ids.get('R-2026-03-111') });
  });

  test('pages cover every invoice once, and the last page says so', async () => {
    const numbers = await allPages(await token('anna@example.lv'), 5);
    expect(numbers).toHaveLength(MONTHS.length);
    expect(new Set(numbers).size).toBe(MONTHS.length);
    expect(numbers).toEqual([...numbers].sort().reverse());
  });

  test('pages stay stable when invoices are added between them', async () => {
    const t = await token('anna@example.lv');
    const before = await allPages(t, 4);
    const added: string[] = [];
    const during = await allPages(t, 4, async (page) => {
      // A new month's invoice (sorts first) and a late import for an old month (sorts last).
      const number = `R-NEW-${page}`;
      added.push(number);
      await insertInvoice(ctx.database, ogreId, annaFlat, { number, issueDate: page === 0 ? '2026-05-05' : '2024-12-05' });
    });
    // Nothing already listed repeats or goes missing; what sorts before the cursor is not shown.
    expect(during.filter((n) => !n.startsWith('R-NEW-'))).toEqual(before);
    expect(new Set(during).size).toBe(during.length);
    expect(during).not.toContain('R-NEW-0');
    expect(during.at(-1)).toMatch(/^R-NEW-/);
    await ctx.database.db.deleteFrom('invoices').where('number', 'in', added).execute();
  });

  test('same issue date: the id breaks the tie, still without repeats', async () => {
    const t = await token('anna@example.lv');
    const added = ['R-TIE-A', 'R-TIE-B', 'R-TIE-C', 'R-TIE-D', 'R-TIE-E'];
    for (const number of added) await insertInvoice(ctx.database, ogreId, annaFlat, { number, issueDate: '2026-06-05' });
    const numbers = await allPages(t, 2);
    expect(numbers.slice(0, 5).sort()).toEqual(added);
    expect(new Set(numbers).size).toBe(MONTHS.length + added.length);
    await ctx.database.db.deleteFrom('invoices').where('number', 'in', added).execute();
  });

  test('limit defaults to 10 and is capped at 50', async () => {
    const t = await token('anna@example.lv');
    expect((await (await list(t)).json()).invoices).toHaveLength(10);
    for (let i = 0; i < 40; i++) await insertInvoice(ctx.database, ogreId, annaFlat, { number: `R-BULK-${i}`, issueDate: '2020-01-05' });
    const capped = await list(t, '?limit=100000');
    expect(capped.status).toBe(200);
    const body = await capped.json();
    expect(body.invoices).toHaveLength(50);
    expect(body.nextCursor).not.toBeNull();
    await ctx.database.db.deleteFrom('invoices').where('number', 'like', 'R-BULK-%').execute();
  });

  test.each([
    ['?limit=0', 'limit'],
    ['?limit=-1', 'limit'],
    ['?limit=abc', 'limit'],
    ['?limit=2.5', 'limit'],
    ['?limit=1e400', 'limit'],
    ['?limit=', 'limit'],
    ['?before=', 'before'],
    ['?before=not-a-cursor!', 'before'],
    ['?before=' + 'A'.repeat(300), 'before'],
    ['?before=' + Buffer.from('2026-02-31|00000000-0000-0000-0000-000000000000').toString('base64url'), 'before'],
    ['?before=' + Buffer.from('2026-02-01|not-a-uuid').toString('base64url'), 'before'],
    ['?before=' + Buffer.from("2026-02-01|x' or 1=1 --").toString('base64url'), 'before'],
    ['?before=%FF%FE', 'before'],
  ])('%s is refused with validation_failed on %s', async (query, field) => {
    const response = await list(await token('anna@example.lv'), query);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields)).toContain(field);
  });

  test('a well-formed cursor naming no invoice simply continues from that point', async () => {
    const cursor = Buffer.from('2025-06-10|ffffffff-ffff-ffff-ffff-ffffffffffff').toString('base64url');
    const body = await (await list(await token('anna@example.lv'), `?limit=3&before=${cursor}`)).json();
    expect(body.invoices.map((i: { number: string }) => i.number)).toEqual(['R-2025-06-111', 'R-2025-05-111', 'R-2025-04-111']);
  });
});

describe('who may see invoices', () => {
  test('without a token: 401', async () => {
    expect((await call(ctx, 'GET', `/v1/ogre/premises/${annaFlat}/invoices`)).status).toBe(401);
  });

  test("another resident's premise, another tenant's premise, a made-up id or a non-UUID: 404", async () => {
    const t = await token('anna@example.lv');
    for (const premise of [petersFlat, ludzaFlat, '00000000-0000-0000-0000-000000000000', 'not-a-uuid', "1'; drop table invoices; --"]) {
      const response = await list(t, '', encodeURIComponent(premise));
      expect(response.status, premise).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
  });

  test('a member with the invoices right sees them; a member without it gets 403', async () => {
    expect((await list(await token('liga@example.lv'))).status).toBe(200);
    const maris = await list(await token('maris@example.lv'));
    expect(maris.status).toBe(403);
    expect((await maris.json()).error.code).toBe('forbidden');
  });
});

describe('detail', () => {
  test('lines in order and payment details with an EPC QR for what is owed', async () => {
    const response = await call(ctx, 'GET', `/v1/ogre/premises/${annaFlat}/invoices/${ids.get('R-2026-04-111')}`, { token: await token('anna@example.lv') });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.lines).toEqual([
      { position: 1, service: 'Apsaimniekošana', quantity: '54.3000', unit: 'm²', unitPrice: '0.4900', sum: '26.61' },
      { position: 2, service: 'Aukstais ūdens', quantity: '3.4120', unit: 'm³', unitPrice: '2.4800', sum: '8.46' },
    ]);
    expect(body.payment).toMatchObject({
      recipient: BANK.recipient,
      registrationNumber: BANK.registrationNumber,
      bankName: BANK.bankName,
      iban: 'LV80BANK0000435195001',
      amount: '61.25',
      currency: 'EUR',
      reference: 'R-2026-04-111',
    });
    expect(body.payment.qr.payload.split('\n')).toEqual(['BCD', '002', '1', 'SCT', '', BANK.recipient, 'LV80BANK0000435195001', 'EUR61.25', '', '', 'R-2026-04-111']);
    expect(body.payment.qr.path).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
  });

  test('a paid invoice offers no payment', async () => {
    const response = await call(ctx, 'GET', `/v1/ogre/premises/${annaFlat}/invoices/${ids.get('R-2026-03-111')}`, { token: await token('anna@example.lv') });
    expect((await response.json()).payment).toBeNull();
  });

  test('without bank details in the settings there is no payment block, and no error', async () => {
    await setBankDetails(ctx.database, ogreId, { recipient: 'X', iban: 'LV00 WRONG' });
    ctx.app.tenants.forget();
    try {
      const response = await call(ctx, 'GET', `/v1/ogre/premises/${annaFlat}/invoices/${ids.get('R-2026-04-111')}`, { token: await token('anna@example.lv') });
      expect(response.status).toBe(200);
      expect((await response.json()).payment).toBeNull();
    } finally {
      await setBankDetails(ctx.database, ogreId);
      ctx.app.tenants.forget();
    }
  });

  test("another premise's invoice through my premise, and ids that are not UUIDs: 404", async () => {
    const t = await token('anna@example.lv');
    const peterisInvoice = (await ctx.database.db.selectFrom('invoices').select('id').where('number', '=', 'R-2026-04-004').executeTakeFirstOrThrow()).id;
    for (const id of [peterisInvoice, '00000000-0000-0000-0000-000000000000', 'abc', '1%27%20or%201=1']) {
      const response = await call(ctx, 'GET', `/v1/ogre/premises/${annaFlat}/invoices/${id}`, { token: t });
      expect(response.status, id).toBe(404);
    }
  });
});

describe('PDF', () => {
  const pdfPath = (number: string, premise = annaFlat) => `/v1/ogre/premises/${premise}/invoices/${ids.get(number)}/pdf`;

  test('streams exactly the stored bytes as application/pdf with a download name', async () => {
    const response = await call(ctx, 'GET', pdfPath('R-2026-04-111'), { token: await token('anna@example.lv') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Rekins R-2026-04-111.pdf"; filename*=UTF-8''R%C4%93%C4%B7ins%20R-2026-04-111.pdf`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes).toEqual(pdfs.get('R-2026-04-111'));
    expect(response.headers.get('content-length')).toBe(String(bytes.byteLength));
  });

  test("another resident's invoice: 404; a member without the invoices right: 403; with it: 200", async () => {
    expect((await call(ctx, 'GET', pdfPath('R-2026-04-111'), { token: await token('peteris@example.lv') })).status).toBe(404);
    expect((await call(ctx, 'GET', pdfPath('R-2026-04-111', petersFlat), { token: await token('peteris@example.lv') })).status).toBe(404);
    // The same email at another manager: its token is no key here, and there the invoice does not exist.
    const ludza = await token('anna@example.lv', 'ludza');
    expect((await call(ctx, 'GET', pdfPath('R-2026-04-111'), { token: ludza })).status).toBe(401);
    expect((await call(ctx, 'GET', `/v1/ludza/premises/${ludzaFlat}/invoices/${ids.get('R-2026-04-111')}/pdf`, { token: ludza })).status).toBe(404);
    const maris = await call(ctx, 'GET', pdfPath('R-2026-04-111'), { token: await token('maris@example.lv') });
    expect(maris.status).toBe(403);
    expect(maris.headers.get('content-type')).toContain('application/json');
    expect((await call(ctx, 'GET', pdfPath('R-2026-04-111'), { token: await token('liga@example.lv') })).status).toBe(200);
  });

  test('an invoice without a stored PDF: 404', async () => {
    const invoice = await insertInvoice(ctx.database, ogreId, annaFlat, { number: 'R-NOPDF', issueDate: '2019-01-05' });
    const response = await call(ctx, 'GET', `/v1/ogre/premises/${annaFlat}/invoices/${invoice.id}/pdf`, { token: await token('anna@example.lv') });
    expect(response.status).toBe(404);
    await ctx.database.db.deleteFrom('invoices').where('id', '=', invoice.id).execute();
  });
});

describe('status over time, in Riga time', () => {
  test('the newest invoice turns overdue at midnight Riga time after its due date, and paid when paid', async () => {
    const invoice = await insertInvoice(ctx.database, ogreId, annaFlat, { number: 'R-TIME', issueDate: '2026-05-05', dueDate: '2026-05-31', amount: '40.00' });
    const status = async () => {
      const body = await (await list(await token('anna@example.lv'), '?limit=1')).json();
      expect(body.invoices[0].number).toBe('R-TIME');
      return body.invoices[0].status;
    };
    try {
      ctx.clock.set('2026-05-31T20:59:59Z'); // 23:59:59 in Riga (UTC+3 in summer)
      expect(await status()).toBe('unpaid');
      ctx.clock.set('2026-05-31T21:00:00Z'); // 00:00 on 1 June in Riga, still 31 May in UTC
      expect(await status()).toBe('overdue');
      await ctx.database.db.updateTable('invoices').set({ paid_amount: '15.00' }).where('id', '=', invoice.id).execute();
      ctx.clock.set('2026-05-20T09:00:00Z');
      expect(await status()).toBe('partly_paid');
      await ctx.database.db.updateTable('invoices').set({ paid_amount: '40.00' }).where('id', '=', invoice.id).execute();
      ctx.clock.set('2026-07-01T09:00:00Z');
      expect(await status()).toBe('paid');
    } finally {
      ctx.clock.set('2026-05-20T09:00:00Z');
      await ctx.database.db.deleteFrom('invoices').where('id', '=', invoice.id).execute();
    }
  });
});

describe('debt carried into the next invoice', () => {
  test('the older invoice is not overdue and offers no payment once a later one carries its rest', async () => {
    const t = await token('anna@example.lv');
    const flat = (await createPremise(ctx.database, ogreId, 'Malkalnes prospekts 3-112', '12346')).id;
    const annaId = (await ctx.database.db.selectFrom('users').select('id').where('email', '=', 'anna@example.lv').where('tenant_id', '=', ogreId).executeTakeFirstOrThrow()).id;
    await grant(ctx.database, ogreId, annaId, flat, 'owner');
    const march = await insertInvoice(ctx.database, ogreId, flat, { number: 'C-03', issueDate: '2026-03-05', dueDate: '2026-03-31', amount: '50.00', paidAmount: '20.00' });
    const detail = async (id: string) => (await call(ctx, 'GET', `/v1/ogre/premises/${flat}/invoices/${id}`, { token: t })).json();
    // No later invoice yet: March's rest is simply late.
    expect(await detail(march.id)).toMatchObject({ status: 'overdue', amountToPay: '30.00', payment: { amount: '30.00' } });
    // April carries nothing over (the manager handles March's debt apart): still late.
    const april = await insertInvoice(ctx.database, ogreId, flat, { number: 'C-04', issueDate: '2026-04-05', dueDate: '2026-04-30', amount: '50.00', paidAmount: '50.00' });
    expect((await detail(march.id)).status).toBe('overdue');
    // Now April carries March's rest, as a bill does, and was paid in full, debt included.
    await ctx.database.db.updateTable('invoices').set({ balance_carried: '30.00', total_due: '80.00', paid_amount: '80.00' }).where('id', '=', april.id).execute();
    expect(await detail(march.id)).toMatchObject({ status: 'partly_paid', amountToPay: '30.00', payment: null });
    const page = await (await call(ctx, 'GET', `/v1/ogre/premises/${flat}/invoices`, { token: t })).json();
    expect(page.invoices.map((i: { number: string; status: string }) => [i.number, i.status])).toEqual([
      ['C-04', 'paid'],
      ['C-03', 'partly_paid'],
    ]);
  });
});

test('the OpenAPI document describes the invoice routes', async () => {
  const doc = await (await call(ctx, 'GET', '/openapi.json')).json();
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/v1/{tenant}/premises/{premiseId}/invoices',
      '/v1/{tenant}/premises/{premiseId}/invoices/{invoiceId}',
      '/v1/{tenant}/premises/{premiseId}/invoices/{invoiceId}/pdf',
    ]),
  );
});
