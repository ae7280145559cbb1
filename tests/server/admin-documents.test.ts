/**
 * The manager's building documents: publish with a file to a building by externalRef, the strong
 * login flag, upsert by externalRef, list, download, delete — residents of that building seeing
 * each at once, and the upload policy and size limit on the file.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { adminForm, auditActions, PDF, pdfOfSize, PNG, premisesWithRefs, residentGet, residentOf } from './support/admin-content.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let ludza: AdminTenant;
let b1: { buildingId: string; premises: Record<string, string> };
let b2: { buildingId: string; premises: Record<string, string> };
let anna: { userId: string; token: string };
let peteris: { token: string };

type ResidentDocs = { documents: { id: string; title: string; locked: boolean }[] };
const residentDocs = async (who: { token: string }, premiseId: string) => {
  const response = await residentGet(ctx, ogre, who.token, `/premises/${premiseId}/documents`);
  expect(response.status).toBe(200);
  return (await response.json()) as ResidentDocs;
};
const document = (extra: Record<string, unknown> = {}) => ({ buildingRef: 'B-1', category: 'estimate', title: 'Tāme: jumta remonts', date: '2026-03-31', period: '2026', ...extra });
const post = (doc: object, file?: { name: string; bytes: Uint8Array }) => adminForm(ctx, ogre, ogre.key, 'POST', '/documents', { document: doc, ...(file ? { file } : {}) });
const put = (ref: string, doc: object, file?: { name: string; bytes: Uint8Array }) =>
  adminForm(ctx, ogre, ogre.key, 'PUT', `/documents/${encodeURIComponent(ref)}`, { document: doc, ...(file ? { file } : {}) });

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  ludza = await createAdminTenant(ctx, 'ludza');
  b1 = await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-111']);
  b2 = await premisesWithRefs(ctx, ogre.id, 'B-2', ['P-201']);
  await premisesWithRefs(ctx, ludza.id, 'L-B', ['L-P']);
  anna = await residentOf(ctx, ogre, 'anna@example.lv', b1.premises['P-111']!);
  peteris = await residentOf(ctx, ogre, 'peteris@example.lv', b2.premises['P-201']!);
});
afterAll(() => ctx.close());

describe('publishing', () => {
  test("a document of building B-1: its residents see it and open the file at once; another building's do not", async () => {
    const response = await post(document(), { name: 'Tāme 2026.pdf', bytes: PDF });
    expect(response.status).toBe(201);
    const { item, result } = await response.json();
    expect(result).toBe('created');
    expect(item).toMatchObject({ buildingRef: 'B-1', category: 'estimate', period: '2026', date: '2026-03-31', state: 'published', requiresStrongAuth: false, file: { fileName: 'Tāme 2026.pdf', contentType: 'application/pdf', sizeBytes: PDF.byteLength } });
    const docs = await residentDocs(anna, b1.premises['P-111']!);
    expect(docs.documents.map((d) => d.title)).toEqual(['Tāme: jumta remonts']);
    const file = await residentGet(ctx, ogre, anna.token, `/premises/${b1.premises['P-111']}/documents/${item.id}/file`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    expect((await residentDocs(peteris, b2.premises['P-201']!)).documents).toEqual([]);
    const admin = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${item.id}/file`);
    expect(new Uint8Array(await admin.arrayBuffer())).toEqual(PDF);
    expect((await auditActions(ctx, ogre.id)).map((a) => a.action)).toContain('admin.document.created');
  });

  test('requiresStrongAuth: listed as locked and refused to a basic session, opened in a strong one', async () => {
    const { item } = await (await post(document({ title: 'Kopsapulces protokols', category: 'meeting_protocol', requiresStrongAuth: true }), { name: 'protokols.pdf', bytes: PDF })).json();
    const docs = await residentDocs(anna, b1.premises['P-111']!);
    expect(docs.documents.find((d) => d.id === item.id)).toMatchObject({ locked: true });
    const basic = await residentGet(ctx, ogre, anna.token, `/premises/${b1.premises['P-111']}/documents/${item.id}/file`);
    expect(basic.status).toBe(403);
    expect((await basic.json()).error.code).toBe('strong_auth_required');
    await ctx.database.db.updateTable('sessions').set({ auth_level: 'strong' }).where('user_id', '=', anna.userId).execute();
    const strong = await residentGet(ctx, ogre, anna.token, `/premises/${b1.premises['P-111']}/documents/${item.id}/file`);
    expect(strong.status).toBe(200);
    await ctx.database.db.updateTable('sessions').set({ auth_level: 'basic' }).where('user_id', '=', anna.userId).execute();
  });

  test('bad fields: 400 with the fields; a missing file 400; bad file 422; too large 413', async () => {
    const cases: [object, string][] = [
      [document({ category: 'poem' }), 'category'],
      [document({ date: '2026-02-30' }), 'date'],
      [document({ date: '0000-01-01' }), 'date'],
      [document({ period: '2026-Q5' }), 'period'],
      [document({ title: ' ' }), 'title'],
      [document({ requiresStrongAuth: 'yes' }), 'requiresStrongAuth'],
    ];
    for (const [doc, field] of cases) {
      const response = await post(doc, { name: 'x.pdf', bytes: PDF });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(Object.keys((await response.json()).error.fields)).toContain(field);
    }
    const noFile = await post(document());
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error.fields).toMatchObject({ file: 'required' });
    const renamed = await post(document(), { name: 'tame.pdf', bytes: PNG });
    expect(renamed.status).toBe(422);
    expect((await renamed.json()).error.code).toBe('file_type_not_allowed');
    const large = await post(document(), { name: 'big.pdf', bytes: pdfOfSize(50 * 1024 * 1024 + 1) });
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe('file_too_large');
  });

  test("another tenant's or an unknown building ref answers 404, and nothing is stored", async () => {
    const files = (await ctx.database.db.selectFrom('stored_files').select('id').execute()).length;
    for (const buildingRef of ['L-B', 'NOPE']) {
      const response = await post(document({ buildingRef }), { name: 'x.pdf', bytes: PDF });
      expect(response.status).toBe(404);
      expect((await response.json()).error.fields).toMatchObject({ buildingRef: 'not_found' });
    }
    expect((await ctx.database.db.selectFrom('stored_files').select('id').execute()).length).toBe(files);
  });
});

describe('upsert, list, delete', () => {
  test('PUT by externalRef creates, repeats unchanged, moves to another building with a new file', async () => {
    expect((await put('D-42', document({ title: 'Pārskats' }))).status).toBe(400);
    const created = await put('D-42', document({ title: 'Pārskats', category: 'report', period: '2026-Q1' }), { name: 'p.pdf', bytes: PDF });
    expect(created.status).toBe(201);
    const again = await put('D-42', document({ title: 'Pārskats', category: 'report', period: '2026-Q1' }));
    expect((await again.json())).toMatchObject({ result: 'unchanged', item: { externalRef: 'D-42', file: { fileName: 'p.pdf' } } });

    const png = await put('D-42', document({ title: 'Pārskats', category: 'report', period: '2026-Q1', buildingRef: 'B-2' }), { name: 'p.png', bytes: PNG });
    expect(png.status).toBe(200);
    expect(await png.json()).toMatchObject({ result: 'updated', item: { buildingRef: 'B-2', file: { fileName: 'p.png', contentType: 'image/png' } } });
    expect((await residentDocs(peteris, b2.premises['P-201']!)).documents.map((d) => d.title)).toEqual(['Pārskats']);
    const taken = await post(document({ externalRef: 'D-42' }), { name: 'x.pdf', bytes: PDF });
    expect(taken.status).toBe(409);
  });

  test('the list pages and filters; another tenant sees none of it', async () => {
    const first = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/documents?limit=1')).json();
    expect(first.items).toHaveLength(1);
    const second = await (await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents?limit=10&cursor=${first.nextCursor}`)).json();
    expect(second.items.length).toBe(2);
    expect(second.nextCursor).toBeNull();
    expect(second.items.map((d: { id: string }) => d.id)).not.toContain(first.items[0].id);
    const b2Docs = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/documents?buildingRef=B-2')).json();
    expect(b2Docs.items.map((d: { externalRef: string }) => d.externalRef)).toEqual(['D-42']);
    const protocols = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/documents?category=meeting_protocol')).json();
    expect(protocols.items).toHaveLength(1);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', '/documents?category=poem')).status).toBe(400);
    expect((await (await adminRequest(ctx, ludza, ludza.key, 'GET', '/documents')).json()).items).toEqual([]);
    expect((await adminRequest(ctx, ludza, ludza.key, 'GET', '/documents/D-42')).status).toBe(404);
    expect((await adminRequest(ctx, ludza, ludza.key, 'DELETE', '/documents/D-42')).status).toBe(404);
  });

  test('delete removes the document and its file; residents no longer see it', async () => {
    const { item } = await (await adminRequest(ctx, ogre, ogre.key, 'GET', '/documents/D-42')).json();
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/documents/D-42')).status).toBe(204);
    expect((await residentDocs(peteris, b2.premises['P-201']!)).documents).toEqual([]);
    expect(await ctx.database.db.selectFrom('stored_files').select('id').where('id', '=', item.file.id).execute()).toEqual([]);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${item.id}`)).status).toBe(404);
  });
});
