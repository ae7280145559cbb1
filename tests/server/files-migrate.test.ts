/**
 * Moving a deployment's files between Postgres and the bucket: `doorstep files migrate --to s3`
 * through the operator's batch route, against a real S3 server (s3rver). Every file moves with its
 * SHA-256 verified, its bytea freed, and downloads keep working; an interrupted run resumes; a file
 * whose bytes do not match its row stays where it was; the way back; the orphan sweep.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../server/cli/cli.ts';
import type { Output } from '../../server/cli/output.ts';
import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
import { s3FileStore, type S3FileStore } from '../../server/files/s3-file-store.ts';
import { createAdminTenant, adminRequest, operatorRequest, type AdminTenant } from './support/admin.ts';
import { adminForm, pdfOfSize, premisesWithRefs } from './support/admin-content.ts';
import { startS3Server, type TestS3Server } from './support/s3-server.ts';
import { createTestApp, OPERATOR_TOKEN, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let s3server: TestS3Server;
let bucket: S3FileStore;
let server: ServerType;
let api: string;
let ogre: AdminTenant;
const documents: Array<{ id: string; bytes: Uint8Array }> = [];

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const output: Output = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  const status = await runCli(['--api', api, '--operator-token', OPERATOR_TOKEN, ...args], {}, output);
  return { status, out, err };
}

const storageCounts = async () => {
  const rows = await ctx.database.db.selectFrom('stored_files').select(['storage']).execute();
  // `bytea`: files whose bytes are in the database (its chunks, migration 0082).
  const inDatabase = await ctx.database.db.selectFrom('stored_file_chunks').select('object_key').distinct().execute();
  return { postgres: rows.filter((r) => r.storage === 'postgres').length, s3: rows.filter((r) => r.storage === 's3').length, bytea: inDatabase.length };
};
const bucketKeys = async () => (await bucket.listKeys()).keys.map((k) => k.key);

beforeAll(async () => {
  s3server = await startS3Server();
  bucket = s3FileStore(s3server.settings);
  // New files go to Postgres (the deployment as it is before the move); the bucket is configured.
  ctx = await createTestApp({ filesOf: (database) => fileStores(postgresFileStore(database), [bucket]) });
  ogre = await createAdminTenant(ctx, 'ogre');
  await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-1']);
  for (let i = 0; i < 7; i++) {
    const bytes = pdfOfSize(10_000 + i);
    const response = await adminForm(ctx, ogre, ogre.key, 'POST', '/documents', { document: { buildingRef: 'B-1', category: 'report', title: `D${i}`, date: '2026-03-31' }, file: { name: `d${i}.pdf`, bytes } });
    documents.push({ id: (await response.json()).item.id, bytes });
  }
  server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  bucket.close();
  await ctx.close();
  await s3server.close();
});

const downloadsIntact = async () => {
  for (const doc of documents) {
    const response = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${doc.id}/file`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(doc.bytes)).toBe(true);
  }
};

describe('files migrate', () => {
  test('one batch moves only its files; the deployment serves every file from wherever its row says', async () => {
    const response = await operatorRequest(ctx, 'POST', '/files/migrate', { to: 's3', limit: 3 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ to: 's3', moved: 3, failed: [], remaining: 4 });
    expect(await storageCounts()).toEqual({ postgres: 4, s3: 3, bytea: 4 });
    expect((await bucketKeys()).every((key) => key.startsWith(`${ogre.id}/`))).toBe(true);
    await downloadsIntact();
  });

  test('the CLI resumes where the batch stopped and moves the rest, SHA-256 verified; a file whose bytes do not match stays', async () => {
    // One row whose recorded hash no longer matches its bytes (a corrupted copy must never replace it).
    const victim = await ctx.database.db.selectFrom('stored_files').select('id').where('storage', '=', 'postgres').orderBy('id').executeTakeFirstOrThrow();
    await ctx.database.db.updateTable('stored_files').set({ sha256: '0'.repeat(64) }).where('id', '=', victim.id).execute();
    const run = await cli('files', 'migrate', '--to', 's3', '--batch', '2');
    expect(run.status).toBe(1);
    expect(run.out).toContain(`not moved: ${victim.id} (sha256_mismatch)`);
    expect(await storageCounts()).toEqual({ postgres: 1, s3: 6, bytea: 1 });
    expect(await bucketKeys()).toHaveLength(6);
    await ctx.database.db.updateTable('stored_files').set({ sha256: (await import('node:crypto')).createHash('sha256').update((await ctx.database.db.selectFrom('stored_file_chunks').select('data').where('object_key', '=', (await ctx.database.db.selectFrom('stored_files').select('object_key').where('id', '=', victim.id).executeTakeFirstOrThrow()).object_key).executeTakeFirstOrThrow()).data).digest('hex') }).where('id', '=', victim.id).execute();
    const again = await cli('--json', 'files', 'migrate', '--to', 's3');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ moved: 1, failed: [], remaining: 0 });
    expect(await storageCounts()).toEqual({ postgres: 0, s3: 7, bytea: 0 });
    await downloadsIntact();
  });

  test('the sweep deletes an object no row points at once it is past the grace period, and reports rows whose object is gone', async () => {
    await bucket.put(`${ogre.id}/orphan`, new Blob([new Uint8Array([1, 2, 3])]).stream(), { contentType: 'application/pdf' });
    const young = await (await operatorRequest(ctx, 'POST', '/files/sweep', { graceHours: 1 })).json();
    expect(young).toMatchObject({ objects: 8, orphansDeleted: 0, orphansTooYoung: 1, rowsWithoutObjectCount: 0 });
    const lost = await ctx.database.db.selectFrom('stored_files').select(['id', 'object_key', 'size_bytes']).orderBy('id').executeTakeFirstOrThrow();
    await bucket.delete(lost.object_key);
    const swept = await (await operatorRequest(ctx, 'POST', '/files/sweep', { graceHours: 0 })).json();
    expect(swept).toMatchObject({ objects: 7 - 1 + 1, orphansDeleted: 1, rowsWithoutObject: [lost.id], rowsWithoutObjectCount: 1 });
    expect(await bucketKeys()).not.toContain(`${ogre.id}/orphan`);
    // The lost one is reported, never "repaired"; put its bytes back as an operator restoring a backup would.
    const restored = documents.find((d) => d.bytes.byteLength === (lost.size_bytes as number))!;
    await bucket.put(lost.object_key, new Blob([restored.bytes as Uint8Array<ArrayBuffer>]).stream(), { contentType: 'application/pdf' });
  });

  test('the way back: --to postgres brings every file into the database and empties the bucket', async () => {
    const run = await cli('files', 'migrate', '--to', 'postgres');
    expect(run.status).toBe(0);
    const counts = await storageCounts();
    expect(counts.s3).toBe(0);
    expect(counts.bytea).toBe(counts.postgres);
    expect(await bucketKeys()).toEqual([]);
  });

  test('only the operator may move files, and a bad request is 400', async () => {
    expect((await operatorRequest(ctx, 'POST', '/files/migrate', { to: 's3' }, ogre.key)).status).toBe(401);
    expect((await operatorRequest(ctx, 'POST', '/files/migrate', { to: 's3' }, 'wrong-token-wrong-token-wrong-token')).status).toBe(401);
    expect((await operatorRequest(ctx, 'POST', '/files/migrate', { to: 'ftp' })).status).toBe(400);
  });

  test('a deployment without a bucket: 409 bucket_not_configured, nothing touched', async () => {
    const plain = await createTestApp({ filesOf: (database) => fileStores(postgresFileStore(database)) });
    try {
      const response = await operatorRequest(plain, 'POST', '/files/migrate', { to: 's3' });
      expect(response.status).toBe(409);
      expect((await response.json()).error.code).toBe('bucket_not_configured');
      expect((await operatorRequest(plain, 'POST', '/files/sweep', {})).status).toBe(409);
    } finally {
      await plain.close();
    }
  });
});
