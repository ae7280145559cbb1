/**
 * @module
 * The operator's file routes (`/v1/operator/files/…`): move the deployment's files between the
 * Postgres store and the bucket one batch per call (the CLI's `doorstep files migrate` repeats it
 * until nothing remains), and sweep the bucket of objects no row points at.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody, operatorSecurity } from '../http/openapi.ts';

const Driver = z.enum(['postgres', 's3']);

const MoveFilesRequest = z
  .strictObject({
    to: Driver.openapi({ description: 'The store to move files to: s3 (from Postgres) or postgres (back from the bucket)' }),
    limit: z.number().int().min(1).max(500).default(50).openapi({ description: 'Files to move in this call' }),
    skip: z.array(z.string().uuid()).max(10_000).optional().openapi({ description: 'File ids to leave alone (those that failed in earlier calls)' }),
  })
  .openapi('MoveFilesRequest');

const MoveFilesReport = z
  .object({
    to: Driver,
    moved: z.number().int(),
    bytes: z.number().int(),
    failed: z.array(z.object({ id: z.string(), reason: z.enum(['missing', 'sha256_mismatch', 'store_error']) })),
    remaining: z.number().int().openapi({ description: 'Files still in the other store (failed ones included)' }),
  })
  .openapi('MoveFilesReport');

const SweepRequest = z
  .strictObject({
    graceHours: z.number().min(0).max(24 * 365).default(24).openapi({ description: 'Leave orphans younger than this (an upload in flight has its object before its row)' }),
  })
  .openapi('SweepFilesRequest');

const SweepReport = z
  .object({
    objects: z.number().int(),
    orphansDeleted: z.number().int(),
    orphansTooYoung: z.number().int(),
    rowsWithoutObject: z.array(z.string()),
    rowsWithoutObjectCount: z.number().int(),
  })
  .openapi('SweepFilesReport');

export const moveFilesRoute = createRoute({
  method: 'post',
  path: '/files/migrate',
  tags: ['operator'],
  summary: "Move a batch of the deployment's files to another store (resumable; verified by SHA-256)",
  security: operatorSecurity,
  request: jsonBody(MoveFilesRequest),
  responses: {
    200: { description: 'What this batch moved, and what remains', content: { 'application/json': { schema: MoveFilesReport } } },
    ...errorResponses(400, 401, 409, 503),
  },
});

export const sweepFilesRoute = createRoute({
  method: 'post',
  path: '/files/sweep',
  tags: ['operator'],
  summary: 'Delete objects in the bucket that no file row points at (after a grace period); report rows whose object is missing',
  security: operatorSecurity,
  request: jsonBody(SweepRequest, false),
  responses: {
    200: { description: 'What the sweep found and did', content: { 'application/json': { schema: SweepReport } } },
    ...errorResponses(400, 401, 409, 503),
  },
});
