/**
 * @module
 * Moving a deployment's files between stores (`doorstep files migrate --to s3`, and back with
 * `--to postgres`), one batch per call, so the operator's CLI can stop and start again at will.
 *
 * Each file moves on its own and in this order: its bytes are read from where its row says,
 * written under the same key to the target while their SHA-256 is computed, and only when that
 * hash equals the row's is the row switched to the target — guarded by `storage = from`, so a
 * file deleted or moved meanwhile is left alone. The source's copy (the bucket's object or the
 * database's chunks) is deleted after the row has switched. An interruption anywhere leaves the
 * file readable where its row says; at worst a copy under its key that the next run overwrites
 * (same key) or the orphan sweep removes. Runs on the owner connection (every tenant).
 */
import type { DatabaseHandle } from '../db/database.ts';
import type { FileDriver } from '../db/types.ts';
import type { FileStores } from './file-store.ts';
import { measuredStream } from './stored-files.ts';

export interface MoveReport {
  to: FileDriver;
  moved: number;
  bytes: number;
  /** Files that could not be moved in this batch (they stay where they were). */
  failed: Array<{ id: string; reason: 'missing' | 'sha256_mismatch' | 'store_error' }>;
  /** Files still in the other store after this batch. */
  remaining: number;
}

const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export async function moveFilesBatch(database: DatabaseHandle, stores: FileStores, options: { to: FileDriver; limit: number; skip?: readonly string[] }): Promise<MoveReport> {
  const from: FileDriver = options.to === 's3' ? 'postgres' : 's3';
  const source = stores.of(from);
  const target = stores.of(options.to);
  // Files of every tenant: system work (migration 0097).
  const system = database.withSystem;
  let query = database.db.selectFrom('stored_files').select(['id', 'object_key', 'sha256', 'content_type']).where('storage', '=', from).orderBy('id').limit(options.limit);
  if (options.skip && options.skip.length > 0) query = query.where('id', 'not in', [...options.skip]);
  const rows = await system((trx) => trx.executeQuery(query.compile()).then((r) => r.rows));

  const report: MoveReport = { to: options.to, moved: 0, bytes: 0, failed: [], remaining: 0 };
  for (const row of rows) {
    try {
      const body = await system((trx) => source.get(trx, row.object_key));
      if (!body) {
        report.failed.push({ id: row.id, reason: 'missing' });
        continue;
      }
      const { stream, measured } = measuredStream(body, MAX_FILE_BYTES);
      await target.put(row.object_key, stream, { contentType: row.content_type });
      if (measured.sha256 !== row.sha256) {
        await target.delete(row.object_key);
        report.failed.push({ id: row.id, reason: 'sha256_mismatch' });
        continue;
      }
      const switched = await system((trx) =>
        trx.updateTable('stored_files').set({ storage: options.to }).where('id', '=', row.id).where('storage', '=', from).executeTakeFirst(),
      );
      if (Number(switched.numUpdatedRows) === 0) {
        await target.delete(row.object_key); // deleted or moved meanwhile
        continue;
      }
      await source.delete(row.object_key);
      report.moved += 1;
      report.bytes += measured.sizeBytes;
    } catch {
      report.failed.push({ id: row.id, reason: 'store_error' });
    }
  }
  const left = await system((trx) =>
    trx.selectFrom('stored_files').select((eb) => eb.fn.countAll<string>().as('n')).where('storage', '=', from).executeTakeFirstOrThrow(),
  );
  report.remaining = Number(left.n);
  return report;
}
