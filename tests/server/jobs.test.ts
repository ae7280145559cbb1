/**
 * The scheduler (server/jobs/job-runner.ts) on PGlite and on Postgres: a due job runs once and is
 * recorded, a failing one is retried with back-off and then given up with its error, a job that
 * goes on runs again from its stored progress, a run whose lease ran out cannot close the job, and
 * two runners on one database (two connection pools on Postgres) run every job exactly once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../server/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.ts';
import { createLogger } from '../../server/http/logger.ts';
import { createJobRunner, type JobHandler } from '../../server/jobs/job-runner.ts';
import { enqueueJob, ensureRecurringJob } from '../../server/jobs/jobs.repository.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/database.ts';
import { duringJob } from './support/plan-guard.ts';

const FAST_RETRY = { baseDelayMs: 400, maxDelayMs: 600, maxAttempts: 3 };
const logger = createLogger('silent');
const clock = new ManualClock('2026-05-30T00:05:00+03:00');

let database: TestDatabase;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
});
afterAll(async () => {
  await database.dispose();
});
beforeEach(async () => {
  await database.db.deleteFrom('jobs').execute();
});

const runner = (handlers: Record<string, JobHandler>, db: DatabaseHandle = database, extra = {}) =>
  createJobRunner({ database: db, clock, logger, handlers, retry: FAST_RETRY, random: () => 0.5, pollIntervalMs: 10, ...extra });

const jobRow = (key: string) => database.db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a due job runs once, with the app clock, and is recorded done with its result', async () => {
  const seen: Array<{ payload: unknown; now: Date }> = [];
  const key = `test:${++seq}`;
  expect(await enqueueJob(database.db, { tenantId: null, kind: 'echo', key, payload: { n: 1 } })).toBeDefined();
  // The same key again is the same job.
  expect(await enqueueJob(database.db, { tenantId: null, kind: 'echo', key, payload: { n: 2 } })).toBeUndefined();
  const jobs = runner({ echo: async (job, { now }) => (seen.push({ payload: job.payload, now }), { result: { echoed: true } }) });
  expect(await duringJob('job runner', () => jobs.drain())).toMatchObject({ claimed: 1, done: 1 });
  expect(seen).toEqual([{ payload: { n: 1 }, now: clock.now() }]);
  expect(await jobRow(key)).toMatchObject({ status: 'done', attempts: 1, last_error: null });
  expect((await jobs.drain()).claimed).toBe(0);
});

test('a job due later waits', async () => {
  const key = `test:${++seq}`;
  await enqueueJob(database.db, { tenantId: null, kind: 'echo', key, runAt: new Date(Date.now() + 3600_000) });
  let ran = 0;
  expect((await runner({ echo: async () => void (ran += 1) }).drain()).claimed).toBe(0);
  expect(ran).toBe(0);
});

test('a failing job is retried with back-off, then marked failed with its error', async () => {
  const key = `test:${++seq}`;
  await enqueueJob(database.db, { tenantId: null, kind: 'broken', key, maxAttempts: 3 });
  const jobs = runner({ broken: async () => { throw new Error('the billing system said no'); } });
  expect(await jobs.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
  const afterFirst = await jobRow(key);
  expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, last_error: 'the billing system said no' });
  // Not due again at once: the back-off holds it.
  expect((await jobs.runOnce()).claimed).toBe(0);
  for (let i = 0; i < 50 && (await jobRow(key)).status === 'pending'; i += 1) {
    await sleep(100);
    await jobs.runOnce();
  }
  expect(await jobRow(key)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'the billing system said no' });
});

test('a job of a kind nobody handles fails at once, with a reason', async () => {
  const key = `test:${++seq}`;
  await enqueueJob(database.db, { tenantId: null, kind: 'nobody', key });
  expect(await runner({}).runOnce()).toMatchObject({ failed: 1 });
  expect((await jobRow(key)).last_error).toMatch(/no handler/);
});

test('a job that goes on runs again from the progress it stored, until it is done', async () => {
  const key = `test:${++seq}`;
  await enqueueJob(database.db, { tenantId: null, kind: 'count', key, payload: { at: 0 } });
  const steps: number[] = [];
  const jobs = runner({
    count: async (job) => {
      const at = Number(job.payload.at);
      steps.push(at);
      return at < 3 ? { again: 0, payload: { at: at + 1 } } : { result: { finishedAt: at } };
    },
  });
  await jobs.drain();
  expect(steps).toEqual([0, 1, 2, 3]);
  expect(await jobRow(key)).toMatchObject({ status: 'done', attempts: 1 });
});

test('a run whose lease ran out (the job claimed again meanwhile) cannot close the job', async () => {
  const key = `test:${++seq}`;
  await enqueueJob(database.db, { tenantId: null, kind: 'slow', key });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let runs = 0;
  const slow = runner({ slow: async () => { runs += 1; if (runs === 1) await held; return { result: { run: runs } }; } }, database, { leaseSeconds: 2 });
  const first = slow.runOnce();
  while (runs === 0) await sleep(5);
  // The lease runs out (as after a crash), and another runner takes the job and finishes it.
  await sql`update jobs set run_at = now() - interval '1 second' where key = ${key}`.execute(database.db);
  expect(await slow.runOnce()).toMatchObject({ claimed: 1, done: 1 });
  release();
  expect(await first).toMatchObject({ claimed: 1, done: 0 });
  expect(await jobRow(key)).toMatchObject({ status: 'done', attempts: 2, result: { run: 2 } });
});

test('a recurring job stays one row and comes back after it gave up', async () => {
  await ensureRecurringJob(database.db, { kind: 'tick', key: 'tick' });
  await ensureRecurringJob(database.db, { kind: 'tick', key: 'tick' });
  expect(await database.db.selectFrom('jobs').select('id').where('key', '=', 'tick').execute()).toHaveLength(1);
  let ticks = 0;
  await runner({ tick: async () => ((ticks += 1), { again: 60 }) }).drain();
  expect(ticks).toBe(1);
  expect(await jobRow('tick')).toMatchObject({ status: 'pending', attempts: 0 });
  await database.db.updateTable('jobs').set({ status: 'failed' }).where('key', '=', 'tick').execute();
  await ensureRecurringJob(database.db, { kind: 'tick', key: 'tick' });
  expect(await jobRow('tick')).toMatchObject({ status: 'pending', attempts: 0 });
});

describe('two runners on one database', () => {
  test('every job runs exactly once', async () => {
    const count = 120;
    for (let i = 0; i < count; i += 1) await enqueueJob(database.db, { tenantId: null, kind: 'work', key: `many:${seq}:${i}`, payload: { i } });
    seq += 1;
    // Postgres: a second pool, as a second server instance has. PGlite: one engine, two runners.
    const second: DatabaseHandle = testDatabaseKind() === 'postgres' ? await openDatabase({ url: database.url!, poolSize: 4 }) : database;
    const runs = new Map<number, string[]>();
    const work = (name: string): JobHandler => async (job) => {
      const i = Number(job.payload.i);
      runs.set(i, [...(runs.get(i) ?? []), name]);
      // Hold the claim for a moment, so the other runner meets locked and leased rows.
      await sleep(1);
    };
    try {
      const a = runner({ work: work('a') }, database, { batchSize: 3 });
      const b = runner({ work: work('b') }, second, { batchSize: 3 });
      const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
      expect(ra.done + rb.done).toBe(count);
      expect([...runs.values()].filter((names) => names.length !== 1)).toEqual([]);
      expect(runs.size).toBe(count);
      if (testDatabaseKind() === 'postgres') {
        // Both took part (with two pools the work is shared, not one runner doing it all).
        expect(ra.done).toBeGreaterThan(0);
        expect(rb.done).toBeGreaterThan(0);
      }
      console.log(`${testDatabaseKind()}: ${count} jobs, runner a ran ${ra.done}, runner b ran ${rb.done}, none twice`);
    } finally {
      if (second !== database) await second.close();
    }
  });
});
