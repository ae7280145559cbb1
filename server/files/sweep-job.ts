/**
 * @module
 * The orphan sweep on the job runner (server/jobs/): one recurring job, `files.sweep`, that every
 * instance keeps in the table at start and that runs on one of them every few hours. It sweeps the
 * database's chunks always and the bucket when one is configured (sweep.ts says why a file
 * uploaded meanwhile is safe), and records what it found as the job's result; rows whose object is
 * missing are logged as a warning, for a person to look at.
 */
import type { DatabaseHandle } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { ensureRecurringJob } from '../jobs/jobs.repository.ts';
import type { FileStores } from './file-store.ts';
import type { S3FileStore } from './s3-file-store.ts';
import { SWEEP_GRACE_MS, sweepOrphanChunks, sweepOrphanObjects } from './sweep.ts';

export const FILE_SWEEP_JOB = 'files.sweep';
/** Every six hours: orphans are rare (a crash between object and row) and wait a day anyway. */
export const FILE_SWEEP_INTERVAL_SECONDS = 6 * 60 * 60;

export function fileSweepHandlers(options: { database: DatabaseHandle; files: FileStores; graceMs?: number }): Record<string, JobHandler> {
  return {
    async [FILE_SWEEP_JOB](_job, context) {
      const graceMs = options.graceMs ?? SWEEP_GRACE_MS;
      const chunks = await sweepOrphanChunks(options.database, { now: context.now, graceMs });
      const bucket = options.files.has('s3')
        ? await sweepOrphanObjects(options.database, options.files.of('s3') as S3FileStore, { now: context.now, graceMs })
        : undefined;
      if (bucket && bucket.rowsWithoutObjectCount > 0) {
        context.logger.warn('stored files whose object is missing from the bucket', { count: bucket.rowsWithoutObjectCount, ids: bucket.rowsWithoutObject });
      }
      return { result: { chunks, ...(bucket ? { bucket } : {}) }, again: FILE_SWEEP_INTERVAL_SECONDS };
    },
  };
}

/** Keeps the recurring sweep in the job table; every instance calls it at start (one row by its key). */
export const ensureFileSweep = (database: DatabaseHandle) => database.withSystem((trx) => ensureRecurringJob(trx, { kind: FILE_SWEEP_JOB, key: FILE_SWEEP_JOB }));
