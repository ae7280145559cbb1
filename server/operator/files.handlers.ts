/**
 * @module
 * The handlers of the operator's file routes (files.routes.ts).
 */
import type { AppDeps } from '../deps.ts';
import { conflict } from '../errors.ts';
import { moveFilesBatch } from '../files/move-files.ts';
import type { S3FileStore } from '../files/s3-file-store.ts';
import { sweepOrphanObjects } from '../files/sweep.ts';
import type { createRouter } from '../http/context.ts';
import { moveFilesRoute, sweepFilesRoute } from './files.routes.ts';

// A deployment without a bucket has nothing to move to or sweep: a setting to fix, not an outage.
const noBucket = () => conflict('bucket_not_configured', 'No bucket is configured: set S3_BUCKET (and the other S3_* settings) and restart.');

export function operatorFileRoutes(deps: AppDeps, router: ReturnType<typeof createRouter>) {
  router.openapi(moveFilesRoute, async (c) => {
    const { to, limit, skip } = c.req.valid('json');
    if (!deps.files.has('s3')) throw noBucket();
    const report = await moveFilesBatch(deps.database, deps.files, { to, limit, ...(skip ? { skip } : {}) });
    deps.logger.info('files moved', { to, moved: report.moved, failed: report.failed.length, remaining: report.remaining });
    return c.json(report, 200);
  });

  router.openapi(sweepFilesRoute, async (c) => {
    const { graceHours } = c.req.valid('json') ?? { graceHours: 24 };
    if (!deps.files.has('s3')) throw noBucket();
    const store = deps.files.of('s3') as S3FileStore;
    // Object ages come from the bucket's own clock, the real one: never a demo's frozen clock.
    const report = await sweepOrphanObjects(deps.database, store, { now: new Date(), graceMs: (graceHours ?? 24) * 3_600_000 });
    deps.logger.info('file sweep', { ...report, rowsWithoutObject: undefined });
    return c.json(report, 200);
  });
}
