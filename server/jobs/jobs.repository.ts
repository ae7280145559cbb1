/**
 * @module
 * The job table (migration 0030): queuing a job, keeping a recurring one in the table, and the
 * manager's list of its own jobs. Queuing takes the caller's transaction, so a job exists exactly
 * when the change that asks for it is committed (as mail does in server/mail/outbox.ts).
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

export interface NewJob {
  tenantId: string | null;
  kind: string;
  /** Names the job: queuing the same key twice queues it once. */
  key: string;
  payload?: Record<string, unknown>;
  /** When it may run; now (the database's clock) when left out. */
  runAt?: Date;
  maxAttempts?: number;
}

/** Queues a job; its id, or undefined when a job with that key exists already. */
export async function enqueueJob(trx: Tx | Db, job: NewJob): Promise<string | undefined> {
  const row = await trx
    .insertInto('jobs')
    .values({
      tenant_id: job.tenantId,
      kind: job.kind,
      key: job.key,
      payload: JSON.stringify(job.payload ?? {}),
      ...(job.runAt ? { run_at: job.runAt } : {}),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Makes sure a recurring job (the reminder planner) is in the table and can run: queued when
 * missing, and given a fresh start if it had given up. Every instance calls it at start; the key
 * keeps it one row.
 */
export async function ensureRecurringJob(db: Db, job: { kind: string; key: string }): Promise<void> {
  await sql`insert into jobs (tenant_id, kind, key, max_attempts) values (null, ${job.kind}, ${job.key}, 1000000)
            on conflict (key) do update set status = 'pending', attempts = 0, run_at = now()
            where jobs.status <> 'pending'`.execute(db);
}

export interface JobRow {
  id: string;
  kind: string;
  key: string;
  status: 'pending' | 'done' | 'failed';
  run_at: Date;
  attempts: number;
  last_error: string | null;
  result: Record<string, unknown> | string | null;
  created_at: Date;
  finished_at: Date | null;
}

/**
 * The tenant's jobs, newest first, keyset-paged by (created_at, id). `cursor_at` is created_at to
 * the microsecond as Postgres keeps it (a JavaScript Date keeps milliseconds: a cursor made from
 * one skipped a job created later in the same millisecond than a page's last one).
 */
export async function listTenantJobs(
  trx: Tx,
  query: { tenantId: string; status?: JobRow['status'] | undefined; before?: { createdAt: string; id: string } | undefined; limit: number },
): Promise<Array<JobRow & { cursor_at: string }>> {
  let select = trx
    .selectFrom('jobs')
    .select(['id', 'kind', 'key', 'status', 'run_at', 'attempts', 'last_error', 'result', 'created_at', 'finished_at'])
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .where('tenant_id', '=', query.tenantId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.before) {
    const createdAt = sql<Date>`${query.before.createdAt}::timestamptz`;
    const { id } = query.before;
    select = select.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return (await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute()) as Array<JobRow & { cursor_at: string }>;
}
