/**
 * The bucket's orphan sweep walks the bucket's listing and the rows side by side, a page of each at
 * a time (server/files/sweep.ts), instead of holding every key of the bucket in memory. This file
 * gives it more than one page on both sides, keys of two tenants, orphans and missing objects
 * spread through the key order, against a real S3 server (s3rver), and checks every decision.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { s3FileStore, type S3FileStore } from '../../server/files/s3-file-store.ts';
import { sweepOrphanObjects } from '../../server/files/sweep.ts';
import { createAdminTenant } from './support/admin.ts';
import { startS3Server, type TestS3Server } from './support/s3-server.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let s3server: TestS3Server;
let bucket: S3FileStore;

beforeAll(async () => {
  s3server = await startS3Server();
  bucket = s3FileStore(s3server.settings);
  ctx = await createTestApp();
});
afterAll(async () => {
  bucket?.close();
  await s3server?.close();
  await ctx?.close();
});

async function listAll(): Promise<string[]> {
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await bucket.listKeys(after);
    keys.push(...page.keys.map((k) => k.key));
    if (!page.more || page.keys.length === 0) return keys;
    after = keys[keys.length - 1];
  }
}

test('many pages of objects and of rows, two tenants: orphans deleted, rows without object reported, the rest kept', { timeout: 300_000 }, async () => {
  const tenants = [await createAdminTenant(ctx, 'sweepa'), await createAdminTenant(ctx, 'sweepb')];
  // 260 files: every 13th has an object and no row (an orphan), every 17th a row and no object.
  const orphans: string[] = [];
  const missing: string[] = [];
  const kept: string[] = [];
  const rows: Array<{ tenant_id: string; file_name: string; content_type: string; size_bytes: number; sha256: string; storage: 's3'; object_key: string }> = [];
  const puts: string[] = [];
  for (let i = 0; i < 260; i++) {
    const tenant = tenants[i % 2]!;
    const key = `${tenant.id}/${crypto.randomUUID()}`;
    const orphan = i % 13 === 0;
    const lost = !orphan && i % 17 === 0;
    if (!lost) puts.push(key);
    if (orphan) orphans.push(key);
    else rows.push({ tenant_id: tenant.id, file_name: `f${i}.pdf`, content_type: 'application/pdf', size_bytes: 1, sha256: '0'.repeat(64), storage: 's3', object_key: key });
    if (lost) missing.push(key);
    else if (!orphan) kept.push(key);
  }
  for (let i = 0; i < puts.length; i += 50) {
    await Promise.all(puts.slice(i, i + 50).map((key) => bucket.put(key, new Blob([new Uint8Array([1])]).stream(), { contentType: 'application/pdf' })));
  }
  const inserted = await ctx.database.db.insertInto('stored_files').values(rows).returning(['id', 'object_key']).execute();
  const idOf = new Map(inserted.map((r) => [r.object_key, r.id]));

  const young = await sweepOrphanObjects(ctx.database, bucket, { now: new Date(), graceMs: 60 * 60 * 1000, pageSize: 10 });
  expect(young).toMatchObject({ objects: puts.length, orphansDeleted: 0, orphansTooYoung: orphans.length, rowsWithoutObjectCount: missing.length });
  expect(new Set(young.rowsWithoutObject)).toEqual(new Set(missing.map((k) => idOf.get(k))));

  const swept = await sweepOrphanObjects(ctx.database, bucket, { now: new Date(Date.now() + 1000), graceMs: 0, pageSize: 10 });
  expect(swept).toMatchObject({ objects: puts.length, orphansDeleted: orphans.length, orphansTooYoung: 0, rowsWithoutObjectCount: missing.length });
  expect(new Set(await listAll())).toEqual(new Set(kept));
});

test('a row that commits while the sweep runs (its upload ended after the listing passed its key) is not reported missing', async () => {
  const tenant = await createAdminTenant(ctx, 'sweepc');
  const started = new Date(Date.now() - 60_000);
  const key = `${tenant.id}/${crypto.randomUUID()}`;
  const { id } = await ctx.database.db.insertInto('stored_files').values({ tenant_id: tenant.id, file_name: 'late.pdf', content_type: 'application/pdf', size_bytes: 1, sha256: '0'.repeat(64), storage: 's3', object_key: key }).returning('id').executeTakeFirstOrThrow();
  const report = await sweepOrphanObjects(ctx.database, bucket, { now: started, graceMs: 0 });
  expect(report.rowsWithoutObject).not.toContain(id);
  // Once the sweep started after the row, the row without its object is reported.
  const later = await sweepOrphanObjects(ctx.database, bucket, { now: new Date(Date.now() + 1000), graceMs: 0 });
  expect(later.rowsWithoutObject).toContain(id);
});
