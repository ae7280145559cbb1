/**
 * The file store (server/files/): the same tests on both drivers — `postgres` (bytes in the row)
 * and `s3` (a real S3-protocol server, s3rver, in the test process, through the AWS SDK). Uploads
 * through the manager's document route, downloads by residents and the manager with ETag and
 * Range, tenant isolation, and the failures: too large while streaming, a body that dies half-way,
 * the bucket down, a deleted document's object.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DatabaseHandle } from '../../server/db/database.ts';
import type { FileDriver } from '../../server/files/file-store.ts';
import { openStoredFile, requestedRange, storeFile, withFileChanges } from '../../server/files/stored-files.ts';
import { createAdminTenant, adminRequest, type AdminTenant } from './support/admin.ts';
import { adminForm, pdfOfSize, premisesWithRefs, residentGet, residentOf } from './support/admin-content.ts';
import { createTestApp, testFileStores, type TestContext } from './support/test-app.ts';

const MB = 1024 * 1024;
// Large arrays compared as buffers: a deep equal of megabytes takes vitest minutes.


describe('requestedRange (RFC 9110 bytes ranges)', () => {
  test.each([
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=50-500', 100, { start: 50, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=9-0', 100, undefined],
    ['bytes=0-1,5-6', 100, undefined],
    ['items=0-9', 100, undefined],
    [undefined, 100, undefined],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(requestedRange(header, size)).toEqual(expected);
  });
});

describe.each<FileDriver>(['postgres', 's3'])('the %s driver', (driver) => {
  let ctx: TestContext;
  let ogre: AdminTenant;
  let ludza: AdminTenant;
  let anna: { token: string };
  let premise: string;

  const rowsOf = (tenantId: string) => ctx.database.db.selectFrom('stored_files').select(['id', 'storage', 'object_key', 'size_bytes', 'sha256', 'uploaded_by']).where('tenant_id', '=', tenantId).execute();
  const objectKeys = async () => (ctx.s3 ? (await ctx.s3.store.listKeys()).keys.map((k) => k.key) : []);
  const postDocument = (title: string, file: { name: string; bytes: Uint8Array }, tenant = ogre) =>
    adminForm(ctx, tenant, tenant.key, 'POST', '/documents', { document: { buildingRef: tenant === ogre ? 'B-1' : 'L-B', category: 'report', title, date: '2026-03-31' }, file });

  beforeAll(async () => {
    ctx = await createTestApp({ filesOf: async (database) => (await testFileStoresFor(database, driver)).files });
    ogre = await createAdminTenant(ctx, 'ogre');
    ludza = await createAdminTenant(ctx, 'ludza');
    premise = (await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-1'])).premises['P-1']!;
    await premisesWithRefs(ctx, ludza.id, 'L-B', ['L-P']);
    anna = await residentOf(ctx, ogre, 'anna@example.lv', premise);
  });
  afterAll(async () => {
    await ctx.close();
    await stores?.s3?.server.close();
  });

  // The app of this block gets its own stores; kept to close the S3 server afterwards.
  let stores: Awaited<ReturnType<typeof testFileStores>> | undefined;
  async function testFileStoresFor(database: DatabaseHandle, d: FileDriver) {
    stores = await testFileStores(database, d);
    return stores;
  }

  test('an upload lands in this store under <tenant>/<random id>, never its name; the row keeps name, size, sha256 and uploader', async () => {
    const pdf = pdfOfSize(300 * 1024);
    const response = await postDocument('Pārskats', { name: '../../etc/passwd Pārskats.pdf', bytes: pdf });
    expect(response.status).toBe(201);
    const [row] = await rowsOf(ogre.id);
    expect(row).toMatchObject({ storage: driver, size_bytes: pdf.byteLength, object_key: `${ogre.id}/${row!.id}` });
    expect(row!.uploaded_by).toMatch(/^api_key:/);
    const { createHash } = await import('node:crypto');
    expect(row!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    if (ctx.s3) expect(await objectKeys()).toEqual([row!.object_key]);
  });

  test('downloads stream the bytes with Content-Length and an ETag; a Range gets 206 with that part; past the end 416', async () => {
    const pdf = pdfOfSize(2 * MB + 17);
    const created = await (await postDocument('Liels', { name: 'liels.pdf', bytes: pdf })).json();
    const path = `/premises/${premise}/documents/${created.item.id}/file`;
    const whole = await residentGet(ctx, ogre, anna.token, path);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(pdf.byteLength));
    expect(whole.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await whole.arrayBuffer()).equals(pdf)).toBe(true);

    const part = await ctx.app.request(`/v1/ogre${path}`, { headers: { authorization: `Bearer ${anna.token}`, range: 'bytes=1048576-1048675', 'x-forwarded-for': '203.0.113.1' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1048576-1048675/${pdf.byteLength}`);
    expect(part.headers.get('content-length')).toBe('100');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(pdf.subarray(1048576, 1048676));

    const tail = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`, undefined, { range: 'bytes=-5' });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(pdf.subarray(pdf.byteLength - 5));

    const outside = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`, undefined, { range: `bytes=${pdf.byteLength}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${pdf.byteLength}`);
    expect((await outside.json()).error.code).toBe('range_not_satisfiable');
  });

  test("another tenant's file id is not there: 404 over HTTP, nothing from the store under its row-level security", async () => {
    const created = await (await postDocument('Ludzas', { name: 'l.pdf', bytes: pdfOfSize(1000) }, ludza)).json();
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`)).status).toBe(404);
    const [ludzaFile] = await rowsOf(ludza.id);
    const opened = await ctx.database.withTenant(ogre.id, (trx) => openStoredFile(trx, ctx.deps.files, ludzaFile!.id));
    expect(opened).toBeUndefined();
  });

  test('a body that grows past the limit while streaming (whatever size was announced) is 413, with nothing in the store or the table', async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    let sent = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 1 * MB;
          controller.enqueue(new Uint8Array(1 * MB).fill(sent === MB ? 0x25 : 7));
        },
      });
    const attempt = withFileChanges(ctx.deps.files, (files) =>
      ctx.database.withTenant(ogre.id, (trx) => storeFile(trx, files, ogre.id, { fileName: 'a.pdf', contentType: 'application/pdf', body: endless, maxBytes: 6 * MB })),
    );
    await expect(attempt).rejects.toMatchObject({ status: 413, code: 'file_too_large' });
    expect(sent).toBeLessThanOrEqual(9 * MB); // refused while streaming, not after reading it all
    expect((await rowsOf(ogre.id)).length).toBe(before.rows);
    expect((await objectKeys()).length).toBe(before.keys);
  });

  test('a body that dies half-way (the client killed mid-upload) leaves no row and no object, also past one multipart part', async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    let chunks = 0;
    const dying = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          chunks += 1;
          if (chunks > 7) controller.error(new Error('connection reset'));
          else controller.enqueue(new Uint8Array(1 * MB).fill(1));
        },
      });
    const attempt = withFileChanges(ctx.deps.files, (files) =>
      ctx.database.withTenant(ogre.id, (trx) => storeFile(trx, files, ogre.id, { fileName: 'a.pdf', contentType: 'application/pdf', body: dying, maxBytes: 50 * MB })),
    );
    await expect(attempt).rejects.toThrow();
    expect((await rowsOf(ogre.id)).length).toBe(before.rows);
    expect((await objectKeys()).length).toBe(before.keys);
  });

  test('a change that fails after its file was stored takes the object with it (the row rolled back)', async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    const attempt = withFileChanges(ctx.deps.files, (files) =>
      ctx.database.withTenant(ogre.id, async (trx) => {
        await storeFile(trx, files, ogre.id, { fileName: 'a.pdf', contentType: 'application/pdf', body: pdfOfSize(5000) });
        throw new Error('a later step failed');
      }),
    );
    await expect(attempt).rejects.toThrow('a later step failed');
    expect((await rowsOf(ogre.id)).length).toBe(before.rows);
    expect((await objectKeys()).length).toBe(before.keys);
  });

  test('deleting a document deletes its row and its object; its download is then 404', async () => {
    const created = await (await postDocument('Dzēšams', { name: 'd.pdf', bytes: pdfOfSize(4000) })).json();
    const row = (await rowsOf(ogre.id)).find((r) => r.size_bytes === 4000)!;
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', `/documents/${created.item.id}`)).status).toBe(204);
    expect((await rowsOf(ogre.id)).some((r) => r.id === row.id)).toBe(false);
    expect(await objectKeys()).not.toContain(row.object_key);
    expect((await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`)).status).toBe(404);
  });

  test.runIf(driver === 's3')('the bucket down: upload and download answer 503 file_store_unavailable, and no row is written', async () => {
    const created = await (await postDocument('Pirms', { name: 'p.pdf', bytes: pdfOfSize(1000) })).json();
    const rows = (await rowsOf(ogre.id)).length;
    await stores!.s3!.server.stop();
    const upload = await postDocument('Kad nav', { name: 'k.pdf', bytes: pdfOfSize(1000) });
    expect(upload.status).toBe(503);
    expect((await upload.json()).error.code).toBe('file_store_unavailable');
    expect((await rowsOf(ogre.id)).length).toBe(rows);
    const download = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`);
    expect(download.status).toBe(503);
    expect((await download.json()).error.code).toBe('file_store_unavailable');
  });
});
