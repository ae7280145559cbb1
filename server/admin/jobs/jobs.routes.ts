/**
 * @module
 * The tenant's scheduled jobs, read-only: `GET /v1/{tenant}/admin/jobs` — what the scheduler
 * (server/jobs/) did and will do for this manager (reminder sends, …), newest first, with their
 * state, attempts, last error and result. Deployment-wide jobs (the reminder planner) are the
 * operator's and not listed.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';
import { ADMIN_PAGE_DEFAULT, ADMIN_PAGE_MAX } from '../pagination.ts';

export const AdminJob = z
  .object({
    id: z.string().uuid(),
    kind: z.string().openapi({ example: 'reminders.send' }),
    key: z.string().openapi({ description: 'What the job is for; the same work is never queued twice', example: 'reminders.send:…:2026-05:window_open:tenant:2026-05-29T21:00:00.000Z' }),
    status: z.enum(['pending', 'done', 'failed']),
    runAt: z.string().openapi({ description: 'Pending: when it runs (or runs again after a failure)' }),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    result: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'What the last run did, e.g. {"queued": 120}' }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('AdminJob');

export const listJobsRoute = createRoute({
  method: 'get',
  path: '/jobs',
  tags: ['admin: jobs'],
  summary: "The tenant's scheduled jobs (reminders, …), newest first",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: {
    query: z.object({
      status: z.enum(['pending', 'done', 'failed']).optional(),
      limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_MAX).default(ADMIN_PAGE_DEFAULT).openapi({ example: 100 }),
      cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: { description: 'A page of jobs', content: { 'application/json': { schema: z.object({ items: z.array(AdminJob), nextCursor: z.string().nullable() }) } } },
    ...errorResponses(400, 401, 403),
  },
});
