/**
 * @module
 * The handler of GET /admin/jobs (see jobs.routes.ts). Paged newest first by (created_at, id);
 * the cursor is that pair of the page's last job (the time to the microsecond), base64url, opaque
 * to the caller.
 */
import { Buffer } from 'node:buffer';
import type { AppDeps } from '../../deps.ts';
import { validationFailed } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { listTenantJobs, type JobRow } from '../../jobs/jobs.repository.ts';
import { withAdmin } from '../admin-caller.ts';
import { listJobsRoute } from './jobs.routes.ts';

const encodeCursor = (row: { cursor_at: string; id: string }) => Buffer.from(`${row.cursor_at}|${row.id}`).toString('base64url');
/** created_at to the microsecond, in UTC, as listTenantJobs writes it. */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!id || !isUuid(id) || !at || !CURSOR_AT.test(at) || Number.isNaN(new Date(at).getTime())) throw validationFailed({ cursor: 'invalid_cursor' });
  return { createdAt: at, id };
}

const jobView = (row: JobRow) => ({
  id: row.id,
  kind: row.kind,
  key: row.key,
  status: row.status,
  runAt: row.run_at.toISOString(),
  attempts: row.attempts,
  lastError: row.last_error,
  result: typeof row.result === 'string' ? (JSON.parse(row.result) as Record<string, unknown>) : row.result,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

export function adminJobsRouter(deps: AppDeps) {
  const router = createRouter();
  router.openapi(listJobsRoute, async (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    const before = decodeCursor(cursor);
    const rows = await withAdmin(deps, c, ({ trx, tenantId }) => listTenantJobs(trx, { tenantId, status, before, limit }));
    const items = rows.slice(0, limit);
    return c.json({ items: items.map(jobView), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null }, 200);
  });
  return router;
}
