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
import { testDatabaseKind } from './support/database.ts';

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
  // The store's objects: the bucket's keys, or the keys of the database's chunks.
  const objectKeys = async () =>
    ctx.s3
      ? (await ctx.s3.store.listKeys()).keys.map((k) => k.key)
      : (await ctx.database.db.selectFrom('stored_file_chunks').select('object_key').distinct().execute()).map((r) => r.object_key);
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

  /**
   * A multipart upload sent as a stream, its file part `file` 1 MB at a time: by default a document
   * of the manager (50 MB limit); `resident` posts a thread of Anna's (10 MB limit) instead.
   */
  const streamedUpload = (file: () => Iterator<Uint8Array>, options: { onSent?: (bytes: number) => void; resident?: boolean } = {}) => {
    const boundary = 'doorstep-test-boundary';
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const fields = options.resident
      ? field('subject', 'Skaitītājs') + field('body', 'Pielikumā foto.')
      : field('document', JSON.stringify({ buildingRef: 'B-1', category: 'report', title: 'Liels', date: '2026-03-31' }));
    const head = new TextEncoder().encode(
      `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="liels.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const pieces = file();
    let sent = 0;
    let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (stage === 'head') {
          controller.enqueue(head);
          stage = 'file';
        } else if (stage === 'file') {
          const next = pieces.next(); // may throw: the client died
          if (next.done) stage = 'tail';
          else {
            sent += next.value.byteLength;
            options.onSent?.(sent);
            controller.enqueue(next.value);
          }
        } else if (stage === 'tail') {
          controller.enqueue(tail);
          stage = 'done';
        } else controller.close();
      },
    });
    const path = options.resident ? `/v1/ogre/premises/${premise}/threads` : '/v1/ogre/admin/documents';
    const token = options.resident ? anna.token : ogre.key;
    return ctx.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-forwarded-for': '203.0.113.1' },
      body,
      duplex: 'half',
    } as RequestInit);
  };
  // PGlite writes bytea at well under 1 MB/s on this machine; the big file is smaller there.
  const slowStore = driver === 'postgres' && testDatabaseKind() === 'pglite';
  const BIG = slowStore ? 4 : 20;
  function* megabytes(count: number, fail?: Error) {
    for (let i = 0; i < count; i++) {
      const piece = new Uint8Array(MB).fill(0x20);
      if (i === 0) piece.set(pdfOfSize(16).subarray(0, 9));
      yield piece;
    }
    if (fail) throw fail;
  }

  test('a big upload (20 MB; 4 MB on PGlite) streams to the store and back byte for byte; its sha256 is the row\'s', { timeout: 180_000 }, async () => {
    const response = await streamedUpload(() => megabytes(BIG));
    expect(response.status).toBe(201);
    const created = await response.json();
    const expected = Buffer.concat([...megabytes(BIG)]);
    const download = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(expected)).toBe(true);
    const { createHash } = await import('node:crypto');
    expect(download.headers.get('etag')).toBe(`"${createHash('sha256').update(expected).digest('hex')}"`);
  });

  test('a file that grows past the limit while streaming is 413 file_too_large before the body ends, with nothing in the store or the table', { timeout: 180_000 }, async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    let sent = 0;
    // A resident's attachment may have 10 MB; this body would be 200 MB.
    const response = await streamedUpload(() => megabytes(200), { onSent: (n) => (sent = n), resident: true });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({ code: 'file_too_large', fields: { maxBytes: 10 * MB } });
    expect(sent).toBeLessThan(16 * MB); // refused while streaming, not after reading it all
    expect((await rowsOf(ogre.id)).length).toBe(before.rows);
    expect((await objectKeys()).length).toBe(before.keys);
  });

  test('a body that dies half-way (the client killed mid-upload) leaves no row and no object, also past one multipart part', { timeout: 180_000 }, async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    const response = await streamedUpload(() => megabytes(slowStore ? 3 : 7, new Error('connection reset')));
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_form');
    expect((await rowsOf(ogre.id)).length).toBe(before.rows);
    expect((await objectKeys()).length).toBe(before.keys);
  });

  test('a body that is no form: 415 for another content type, 400 invalid_form for a broken or boundless multipart body; nothing stored', async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    const post = (contentType: string, body: string) =>
      ctx.app.request('/v1/ogre/admin/documents', { method: 'POST', headers: { authorization: `Bearer ${ogre.key}`, 'content-type': contentType }, body });
    const json = await post('application/json', '{"document":{}}');
    expect(json.status).toBe(415);
    expect((await json.json()).error.code).toBe('unsupported_media_type');
    const noBoundary = await post('multipart/form-data', 'whatever');
    expect(noBoundary.status).toBe(400);
    expect((await noBoundary.json()).error.code).toBe('invalid_form');
    // A file part whose form never ends (no closing boundary), after a valid PDF start.
    const cut = await post('multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 and then nothing');
    expect(cut.status).toBe(400);
    expect((await cut.json()).error.code).toBe('invalid_form');
    const garbage = await post('multipart/form-data; boundary=xyz', 'not a multipart body at all');
    expect([400, 422]).toContain(garbage.status);
    expect((await rowsOf(ogre.id)).length).toBe(before.rows);
    expect((await objectKeys()).length).toBe(before.keys);
  });

  test('refused on its first bytes: an HTML page named .pdf is 422 file_type_not_allowed; an announced body past the limit is 413 before a byte is read', async () => {
    const before = { rows: (await rowsOf(ogre.id)).length, keys: (await objectKeys()).length };
    const html = await postDocument('HTML', { name: 'x.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>') });
    expect(html.status).toBe(422);
    expect((await html.json()).error.code).toBe('file_type_not_allowed');
    let pulled = false;
    const announced = await ctx.app.request('/v1/ogre/admin/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${ogre.key}`, 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(500 * MB) },
      body: new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 }),
      duplex: 'half',
    } as RequestInit);
    expect(announced.status).toBe(413);
    expect(pulled).toBe(false);
    const twoFiles = await adminForm(ctx, ogre, ogre.key, 'POST', '/documents', {
      document: { buildingRef: 'B-1', category: 'report', title: 'Divi', date: '2026-03-31' },
      file: [{ name: 'a.pdf', bytes: pdfOfSize(100) }, { name: 'b.pdf', bytes: pdfOfSize(100) }],
    });
    expect(twoFiles.status).toBe(400);
    expect((await twoFiles.json()).error.fields).toEqual({ file: 'too_many_files' });
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
