/**
 * The orphan sweep as the recurring job `files.sweep` on the job runner, over the database's
 * chunks (the postgres store): an old orphan goes, a file with its row stays, and a file being
 * uploaded while the sweep runs (its chunks written, its row not yet) survives and arrives whole.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createLogger } from '../../server/http/logger.ts';
import { fileStores } from '../../server/files/file-store.ts';
import { CHUNK_BYTES, postgresFileStore } from '../../server/files/postgres-file-store.ts';
import { ensureFileSweep, FILE_SWEEP_JOB, fileSweepHandlers } from '../../server/files/sweep-job.ts';
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { adminForm, pdfOfSize, premisesWithRefs } from './support/admin-content.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogre: AdminTenant;

beforeAll(async () => {
  ctx = await createTestApp({ filesOf: (database) => fileStores(postgresFileStore(database)) });
  ogre = await createAdminTenant(ctx, 'ogre');
  await premisesWithRefs(ctx, ogre.id, 'B-1', ['P-1']);
});
afterAll(() => ctx.close());

const chunkKeys = async () => (await ctx.database.db.selectFrom('stored_file_chunks').select('object_key').distinct().execute()).map((r) => r.object_key);
const sweepJob = () => ctx.database.db.selectFrom('jobs').selectAll().where('kind', '=', FILE_SWEEP_JOB).executeTakeFirstOrThrow();

/** A runner with the sweep only, a grace of one hour, the real time (chunks are stamped by the database). */
function runner() {
  return createJobRunner({
    database: ctx.database,
    clock: { now: () => new Date() },
    logger: createLogger('silent'),
    handlers: fileSweepHandlers({ database: ctx.database, files: ctx.deps.files, graceMs: 60 * 60_000 }),
  });
}

test('files.sweep runs on the job runner, deletes old orphan chunks, keeps files with rows, and comes back in six hours', async () => {
  const kept = await adminForm(ctx, ogre, ogre.key, 'POST', '/documents', {
    document: { buildingRef: 'B-1', category: 'report', title: 'Paliek', date: '2026-03-31' },
    file: { name: 'p.pdf', bytes: pdfOfSize(5000) },
  });
  expect(kept.status).toBe(201);
  const keptKey = (await ctx.database.db.selectFrom('stored_files').select('object_key').executeTakeFirstOrThrow()).object_key;
  // A crash between object and row, two days ago.
  const orphanKey = `${ogre.id}/${crypto.randomUUID()}`;
  await ctx.database.db
    .insertInto('stored_file_chunks')
    .values({ tenant_id: ogre.id, object_key: orphanKey, start_byte: 0, data: new Uint8Array([1, 2, 3]), created_at: new Date(Date.now() - 2 * 86_400_000) })
    .execute();

  await ensureFileSweep(ctx.database);
  const batch = await runner().runOnce();
  expect(batch).toMatchObject({ claimed: 1, again: 1 });
  expect(await chunkKeys()).toEqual([keptKey]);
  const job = await sweepJob();
  expect(job.status).toBe('pending');
  const result = typeof job.result === 'string' ? JSON.parse(job.result) : job.result;
  expect(result).toMatchObject({ chunks: { orphansDeleted: 1, orphansTooYoung: 0 } });
  const { rows } = await sql<{ hours: number }>`select round(extract(epoch from run_at - now()) / 3600)::int as hours from jobs where kind = ${FILE_SWEEP_JOB}`.execute(ctx.database.db);
  expect(rows[0]!.hours).toBe(6);
});

test('a file uploaded while the sweep runs: its chunks, written before its row, survive the sweep, and it arrives whole', { timeout: 180_000 }, async () => {
  const boundary = 'sweep-race';
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n` +
      JSON.stringify({ buildingRef: 'B-1', category: 'report', title: 'Lēns', date: '2026-03-31' }) +
      `\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lens.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  // More than one chunk, so that a chunk is in the table while the rest is still to come.
  const pdf = pdfOfSize(CHUNK_BYTES + 5000);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const parts = [head, pdf.subarray(0, CHUNK_BYTES + 100), 'pause', pdf.subarray(CHUNK_BYTES + 100), new TextEncoder().encode(`\r\n--${boundary}--\r\n`)] as const;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const part = parts[next++];
      if (part === undefined) return controller.close();
      if (part === 'pause') await released;
      else controller.enqueue(part);
    },
  });
  const before = await chunkKeys();
  const upload = ctx.app.request('/v1/ogre/admin/documents', {
    method: 'POST',
    headers: { authorization: `Bearer ${ogre.key}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
  } as RequestInit);

  // Wait until the upload's first chunk is in the table (and its row is not).
  let staged: string | undefined;
  while (!staged) {
    staged = (await chunkKeys()).find((key) => !before.includes(key));
    if (!staged) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await ctx.database.db.selectFrom('stored_files').select('id').where('object_key', '=', staged).executeTakeFirst()).toBeUndefined();

  await ctx.database.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('kind', '=', FILE_SWEEP_JOB).execute();
  expect(await runner().runOnce()).toMatchObject({ claimed: 1, again: 1 });
  const result = (await sweepJob()).result;
  expect(typeof result === 'string' ? JSON.parse(result) : result).toMatchObject({ chunks: { orphansDeleted: 0, orphansTooYoung: 1 } });
  expect(await chunkKeys()).toContain(staged);

  release();
  const response = await upload;
  expect(response.status).toBe(201);
  const created = await response.json();
  const download = await adminRequest(ctx, ogre, ogre.key, 'GET', `/documents/${created.item.id}/file`);
  expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
});
