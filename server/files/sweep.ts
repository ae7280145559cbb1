/**
 * @module
 * The orphan sweep of the bucket. An object is written before its row (stored-files.ts), so a
 * crash between the two, or a rollback whose cleanup could not reach the bucket, leaves an object
 * no row points at. The sweep deletes such objects once they are older than a grace period (an
 * upload in flight has an object and not yet a row), and reports rows whose object is missing —
 * those it never "repairs": a person must look (a restored database older than the bucket, say).
 * Run by the operator (`doorstep files sweep`); the job runner will run it periodically when it lands.
 */
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

export async function sweepOrphanObjects(database: DatabaseHandle, store: S3FileStore, options: { now: Date; graceMs?: number }): Promise<SweepReport> {
  const grace = options.graceMs ?? SWEEP_GRACE_MS;
  const report: SweepReport = { objects: 0, orphansDeleted: 0, orphansTooYoung: 0, rowsWithoutObject: [], rowsWithoutObjectCount: 0 };
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await store.listKeys(after);
    if (page.keys.length === 0) break;
    report.objects += page.keys.length;
    const keys = page.keys.map((k) => k.key);
    const rows = await database.db.selectFrom('stored_files').select('object_key').where('object_key', 'in', keys).where('storage', '=', 's3').execute();
    const known = new Set(rows.map((r) => r.object_key));
    for (const { key, lastModified } of page.keys) {
      seen.add(key);
      if (known.has(key)) continue;
      if (lastModified && options.now.getTime() - lastModified.getTime() < grace) report.orphansTooYoung += 1;
      else {
        await store.delete(key);
        report.orphansDeleted += 1;
      }
    }
    after = keys[keys.length - 1];
    if (!page.more) break;
  }
  let afterId: string | undefined;
  for (;;) {
    let query = database.db.selectFrom('stored_files').select(['id', 'object_key']).where('storage', '=', 's3').orderBy('id').limit(1000);
    if (afterId) query = query.where('id', '>', afterId);
    const rows = await query.execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (seen.has(row.object_key)) continue;
      report.rowsWithoutObjectCount += 1;
      if (report.rowsWithoutObject.length < 100) report.rowsWithoutObject.push(row.id);
    }
    afterId = rows[rows.length - 1]!.id;
  }
  return report;
}
