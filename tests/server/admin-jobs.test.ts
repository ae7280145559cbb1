/**
 * GET /admin/jobs: a manager reads its own scheduled jobs (newest first, paged, by status), never
 * another tenant's nor the deployment's own; a cursor it did not get is refused.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, createKey, type AdminTenant } from './support/admin.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';
import { sql } from 'kysely';
import { enqueueJob } from '../../server/jobs/jobs.repository.ts';

let ctx: TestContext;
let ogre: AdminTenant;
let riga: AdminTenant;
let readKey: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre');
  riga = await createAdminTenant(ctx, 'riga');
  readKey = (await createKey(ctx, ogre, ['read'])).secret;
  for (let i = 0; i < 5; i += 1) {
    await enqueueJob(ctx.database.db, { tenantId: ogre.id, kind: 'reminders.send', key: `ogre:${i}`, payload: { i } });
  }
  await ctx.database.db.updateTable('jobs').set({ status: 'failed', last_error: 'SMTP said no', attempts: 20 }).where('key', '=', 'ogre:0').execute();
  await enqueueJob(ctx.database.db, { tenantId: riga.id, kind: 'reminders.send', key: 'riga:0' });
  await enqueueJob(ctx.database.db, { tenantId: null, kind: 'reminders.plan', key: 'reminders.plan' });
});
afterAll(() => ctx.close());

interface JobPage {
  items: Array<{ key: string; status: string; lastError: string | null; attempts: number }>;
  nextCursor: string | null;
}

test("a read key lists the tenant's own jobs, newest first, page by page", async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const response: Response = await adminRequest(ctx, ogre, readKey, 'GET', `/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as JobPage;
    expect(page.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.items.map((job) => job.key));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen.sort()).toEqual(['ogre:0', 'ogre:1', 'ogre:2', 'ogre:3', 'ogre:4']);
});

test('jobs created within one millisecond, microseconds apart, are each listed once across pages', async () => {
  // A cursor that kept only milliseconds (a JavaScript Date) skipped the rest of its millisecond.
  await sql`update jobs set created_at = '2026-05-30 10:00:00.123001+00'::timestamptz + (substr(key, 6)::int * interval '1 microsecond')
            where key like 'ogre:%'`.execute(ctx.database.db);
  for (const limit of [1, 2]) {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await adminRequest(ctx, ogre, readKey, 'GET', `/jobs?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)).json()) as JobPage;
      seen.push(...page.items.map((job) => job.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['ogre:4', 'ogre:3', 'ogre:2', 'ogre:1', 'ogre:0']);
  }
});

test('filtered by status, with the error of a job that gave up', async () => {
  const page = (await (await adminRequest(ctx, ogre, readKey, 'GET', '/jobs?status=failed')).json()) as JobPage;
  expect(page.items).toMatchObject([{ key: 'ogre:0', status: 'failed', lastError: 'SMTP said no', attempts: 20 }]);
});

test("another tenant's key sees only its own; no key, no list; a made-up cursor is refused", async () => {
  const page = (await (await adminRequest(ctx, riga, riga.key, 'GET', '/jobs')).json()) as JobPage;
  expect(page.items.map((job) => job.key)).toEqual(['riga:0']);
  expect((await adminRequest(ctx, ogre, riga.key, 'GET', '/jobs')).status).toBe(401);
  expect((await adminRequest(ctx, ogre, undefined, 'GET', '/jobs')).status).toBe(401);
  const bad = await adminRequest(ctx, ogre, readKey, 'GET', '/jobs?cursor=bm90LWEtY3Vyc29y');
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { fields: unknown } }).error.fields).toEqual({ cursor: 'invalid_cursor' });
});
