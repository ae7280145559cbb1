/**
 * @module
 * The orphan sweep of the bucket. An object is written before its row (stored-files.ts), so a
 * crash between the two, or a rollback whose cleanup could not reach the bucket, leaves an object
 * no row points at. The sweep deletes such objects once they are older than a grace period (an
 * upload in flight has an object and not yet a row), and reports rows whose object is missing —
 * those it never "repairs": a person must look (a restored database older than the bucket, say).
 * The database's own store has the same kind of orphan (chunks written by an upload whose row
 * never committed), swept by `sweepOrphanChunks`. Both run every few hours as the job
 * `files.sweep` (sweep-job.ts); the operator can also run the bucket's at will (`doorstep files sweep`).
 *
 * Why a file being uploaded during a sweep is safe: its object (or its chunks) exists before its
 * row, so for a moment it looks orphaned; the grace period is what saves it. The bucket lists an
 * object only once its upload completed (LastModified is then), and a chunked upload's newest
 * chunk is seconds old while it runs, so nothing younger than the grace period is ever deleted.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import type { S3FileStore } from './s3-file-store.ts';

export interface SweepReport {
  objects: number;
  orphansDeleted: number;
  /** Orphans younger than the grace period, left for a later sweep. */
  orphansTooYoung: number;
  /** Ids of rows in the bucket's store whose object is not there (at most 100 listed). */
  rowsWithoutObject: string[];
  rowsWithoutObjectCount: number;
}

export const SWEEP_GRACE_MS = 24 * 60 * 60 * 1000;

export async function sweepOrphanObjects(database: DatabaseHandle, store: S3FileStore, options: { now: Date; graceMs?: number; pageSize?: number }): Promise<SweepReport> {
  const grace = options.graceMs ?? SWEEP_GRACE_MS;
  const report: SweepReport = { objects: 0, orphansDeleted: 0, orphansTooYoung: 0, rowsWithoutObject: [], rowsWithoutObjectCount: 0 };
  // The listing and the rows side by side, both in key order (a merge join): memory holds a page
  // of each, whatever the bucket's size. A row that commits after the sweep passed its key makes
  // its object look orphaned, but that object is younger than the grace period and stays.
  const pageSize = options.pageSize ?? 1000;
  const objects = bucketKeys(store, pageSize);
  const rows = bucketRows(database, pageSize);
  let object = await objects.next();
  let row = await rows.next();
  while (!object.done || !row.done) {
    if (!object.done && !row.done && object.value.key === row.value.object_key) {
      report.objects += 1;
      object = await objects.next();
      row = await rows.next();
    } else if (!object.done && (row.done || object.value.key < row.value.object_key)) {
      const { key, lastModified } = object.value;
      report.objects += 1;
      if (lastModified && options.now.getTime() - lastModified.getTime() < grace) report.orphansTooYoung += 1;
      else {
        await store.delete(key);
        report.orphansDeleted += 1;
      }
      object = await objects.next();
    } else if (!row.done) {
      // An upload that ended during the sweep may have been listed before its object existed.
      if (new Date(row.value.created_at) < options.now) {
        report.rowsWithoutObjectCount += 1;
        if (report.rowsWithoutObject.length < 100) report.rowsWithoutObject.push(row.value.id);
      }
      row = await rows.next();
    }
  }
  return report;
}

/** Every key of the bucket, a page at a time, in the bucket's order (bytes of the UTF-8 key). */
async function* bucketKeys(store: S3FileStore, pageSize: number) {
  let after: string | undefined;
  for (;;) {
    const page = await store.listKeys(after, pageSize);
    yield* page.keys;
    if (!page.more || page.keys.length === 0) return;
    after = page.keys[page.keys.length - 1]!.key;
  }
}

/** The rows of files in the bucket, a page at a time, in the bucket's key order (collation "C", index stored_files_s3_key_order). */
async function* bucketRows(database: DatabaseHandle, pageSize: number) {
  let after: string | undefined;
  for (;;) {
    const { rows } = await database.withSystem((trx) => sql<{ id: string; object_key: string; created_at: Date | string }>`
      select id, object_key, created_at from stored_files
      where storage = 's3'
        ${after === undefined ? sql`` : sql`and object_key collate "C" > ${after}`}
      order by object_key collate "C" limit ${pageSize}`.execute(trx));
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.object_key;
  }
}

/** What the sweep of the database's chunks found and did. */
export interface ChunkSweepReport {
  /** Object keys whose chunks no row points at, deleted. */
  orphansDeleted: number;
  /** Such keys with a chunk younger than the grace period, left for a later sweep. */
  orphansTooYoung: number;
}

/**
 * Deletes the chunks of keys that no stored_files row names, once their newest chunk is older than
 * the grace period (a chunked upload in progress writes a chunk every few seconds). A thousand
 * keys per call; the job runs again.
 */
export async function sweepOrphanChunks(database: DatabaseHandle, options: { now: Date; graceMs?: number }): Promise<ChunkSweepReport> {
  const cutoff = new Date(options.now.getTime() - (options.graceMs ?? SWEEP_GRACE_MS));
  // Chunks of every tenant: system work (migration 0097).
  const orphans = await database.withSystem((trx) => sql<{ object_key: string; newest: Date }>`
    select c.object_key, max(c.created_at) as newest from stored_file_chunks c
    where not exists (select 1 from stored_files f where f.object_key = c.object_key)
    group by c.object_key limit 1000`.execute(trx));
  const report: ChunkSweepReport = { orphansDeleted: 0, orphansTooYoung: 0 };
  for (const orphan of orphans.rows) {
    if (new Date(orphan.newest) >= cutoff) {
      report.orphansTooYoung += 1;
      continue;
    }
    // Checked again in the delete itself: a row that committed since the list keeps its chunks.
    const deleted = await database.withSystem((trx) => sql`
      delete from stored_file_chunks c where c.object_key = ${orphan.object_key}
      and not exists (select 1 from stored_files f where f.object_key = c.object_key)
      and not exists (select 1 from stored_file_chunks y where y.object_key = c.object_key and y.created_at >= ${cutoff})`.execute(trx));
    if (Number(deleted.numAffectedRows ?? 0) > 0) report.orphansDeleted += 1;
  }
  return report;
}
