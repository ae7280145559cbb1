/**
 * @module
 * The handlers of the operator's file routes (files.routes.ts).
 */
import type { AppDeps } from '../deps.ts';
import { fileStoreUnavailable } from '../files/file-store.ts';
import { moveFilesBatch } from '../files/move-files.ts';
import type { S3FileStore } from '../files/s3-file-store.ts';
import { sweepOrphanObjects } from '../files/sweep.ts';
import type { createRouter } from '../http/context.ts';
import { moveFilesRoute, sweepFilesRoute } from './files.routes.ts';

export function operatorFileRoutes(deps: AppDeps, router: ReturnType<typeof createRouter>) {
  router.openapi(moveFilesRoute, async (c) => {
    const { to, limit, skip } = c.req.valid('json');
    // Both stores must be there: 503 before a single file is touched when the bucket is not configured.
    deps.files.of('postgres');
    deps.files.of('s3');
    const report = await moveFilesBatch(deps.database, deps.files, { to, limit, ...(skip ? { skip } : {}) });
    deps.logger.info('files moved', { to, moved: report.moved, failed: report.failed.length, remaining: report.remaining });
    return c.json(report, 200);
  });

  router.openapi(sweepFilesRoute, async (c) => {
    const { graceHours } = c.req.valid('json') ?? { graceHours: 24 };
    const store = deps.files.of('s3') as S3FileStore;
    if (typeof store.listKeys !== 'function') throw fileStoreUnavailable('The bucket is not configured.');
    // Object ages come from the bucket's own clock, the real one: never a demo's frozen clock.
    const report = await sweepOrphanObjects(deps.database, store, { now: new Date(), graceMs: (graceHours ?? 24) * 3_600_000 });
    deps.logger.info('file sweep', { ...report, rowsWithoutObject: undefined });
    return c.json(report, 200);
  });
}
