/**
 * @module
 * The scheduler: runs the jobs of the `jobs` table (migration 0030) that are due, for the whole
 * deployment, however many instances run it.
 *
 * Polling, claiming and leasing are the claim loop's (claim-loop.ts), shared with the mail outbox
 * worker: a claim is committed before the job runs, so no transaction is held open while a job
 * works and another instance never runs a claimed job.
 *
 * A job is finished only by the run that holds its claim: the closing UPDATE names the attempt
 * it claimed (`attempts = n`), so a run whose lease ran out and whose job was claimed again
 * cannot finish it twice. If the process dies mid-job (kill -9), the lease runs out and the job
 * runs again. Handlers are therefore written to be run again: whatever they cause carries an
 * idempotency key inserted in the same transaction as the effect (the `notifications` row beside
 * the email_outbox row), so a second run finds the work done and does nothing.
 *
 * Long work is cut into bounded runs: a handler answers `{ again: 0 }` with its progress stored in
 * the payload, and the job is queued again at once as a fresh job (attempts back to 0). Recurring
 * jobs (the reminder planner) answer `{ again: seconds }`. A failure is retried with the back-off
 * of the mail outbox (server/mail/retry-policy.ts) until max_attempts, then marked failed with
 * its error, which the manager sees in GET /admin/jobs.
 *
 * A kind may take its jobs of a batch together (JobBatchHandler: webhook deliveries, whose rows are
 * read and whose attempts are recorded in one statement per tenant); its done jobs are then closed
 * in one statement, each still only by its own claim (`attempts = n`).
 *
 * Time: due-ness and back-off use the database's now() (claim-loop.ts); handlers get the app's
 * clock for business time (which window is open).
 */
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../http/logger.ts';
import { afterSendFailure, type RetryPolicy } from '../mail/retry-policy.ts';
import { claimDue, createClaimLoop } from './claim-loop.ts';

export interface ClaimedJob {
  id: string;
  tenant_id: string | null;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export interface JobOutcome {
  /** Shown in the table's `result` (what the run did). */
  result?: Record<string, unknown>;
  /** Run again after this many seconds (0: at once), with attempts from 0; the payload replaced when given. */
  again?: number;
  payload?: Record<string, unknown>;
}

export interface JobContext {
  now: Date;
  logger: Logger;
}

export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<JobOutcome | void>;

/**
 * A kind whose jobs of one batch are worked together (webhook deliveries: their rows read in one
 * statement per tenant, their attempts recorded in one). Answers, for each job in order, its
 * outcome or the error it failed with (as a JobHandler would throw it). Runs its jobs `concurrency`
 * at a time itself.
 */
export interface JobBatchHandler {
  batch: (jobs: ClaimedJob[], context: JobContext & { concurrency: number }) => Promise<Array<JobOutcome | void | Error>>;
}

export interface JobRunnerOptions {
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler | JobBatchHandler>;
  pollIntervalMs?: number;
  batchSize?: number;
  /** Jobs of a batch run at once (webhook deliveries wait on the network, not on the database). */
  concurrency?: number;
  /** How long a claim lasts; longer than any one run of a job can take. */
  leaseSeconds?: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** Called after each job with what became of it (tests, bench). */
  onJob?: (job: ClaimedJob, outcome: JobRunState) => void;
}

export type JobRunState = 'done' | 'again' | 'retried' | 'failed' | 'lost';

export interface JobBatchResult {
  claimed: number;
  done: number;
  again: number;
  retried: number;
  failed: number;
}

export interface JobRunner {
  runOnce(): Promise<JobBatchResult>;
  /** Runs batches until nothing is due (or maxBatches). */
  drain(maxBatches?: number): Promise<JobBatchResult>;
  start(): void;
  stop(): Promise<void>;
}

/** Jobs retry sooner than mail at first (they are our own work), and for about a day. */
export const JOB_RETRY_POLICY: RetryPolicy = { baseDelayMs: 10_000, maxDelayMs: 60 * 60_000, maxAttempts: 20 };

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { database, clock, logger, handlers } = options;
  // Jobs of every tenant: each statement on the jobs table is system work (migration 0097).
  const system = database.withSystem;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const batchSize = options.batchSize ?? 20;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const leaseSeconds = options.leaseSeconds ?? 300;
  const policy = options.retry ?? JOB_RETRY_POLICY;
  const random = options.random ?? Math.random;

  const claim = () =>
    system((db) => claimDue<ClaimedJob>(db, {
      table: 'jobs',
      dueColumn: 'run_at',
      orderBy: ['run_at'],
      limit: batchSize,
      leaseSeconds,
      columns: ['id', 'tenant_id', 'kind', 'key', 'payload', 'attempts', 'max_attempts'],
    })).then((rows) => rows.map((row) => ({ ...row, payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : (row.payload ?? {}) })));

  /** What a run of the job came to: its outcome, or the error it failed with. */
  async function work(job: ClaimedJob): Promise<JobOutcome | void | Error> {
    const handler = handlers[job.kind];
    try {
      if (!handler || typeof handler !== 'function') throw Object.assign(new Error(`no handler for job kind ${job.kind}`), { permanent: true });
      return await handler(job, { now: clock.now(), logger: logger.child({ job: job.kind, jobId: job.id }) });
    } catch (caught) {
      return caught instanceof Error ? caught : new Error(String(caught));
    }
  }

  /**
   * Closes a run that failed, or one that goes on. The closing statements hold `attempts = claimed`
   * so only the claim's holder closes the job.
   */
  async function close(job: ClaimedJob, outcome: JobOutcome | void | Error): Promise<JobRunState> {
    if (outcome instanceof Error) {
      const error = outcome as { message?: string; permanent?: boolean };
      const lastError = String(error?.message ?? outcome).slice(0, 500);
      const decision = error?.permanent ? { retry: false as const } : afterSendFailure(job.attempts, {}, { ...policy, maxAttempts: job.max_attempts }, random());
      const { numAffectedRows } = await system((db) => (decision.retry
        ? sql`update jobs set last_error = ${lastError}, run_at = now() + make_interval(secs => ${decision.delayMs / 1000})
              where id = ${job.id} and attempts = ${job.attempts} and status = 'pending'`
        : sql`update jobs set status = 'failed', last_error = ${lastError}, finished_at = now()
              where id = ${job.id} and attempts = ${job.attempts} and status = 'pending'`
      ).execute(db));
      logger.warn('job failed', { jobId: job.id, kind: job.kind, attempts: job.attempts, retry: decision.retry, error: lastError });
      return (numAffectedRows ?? 0n) === 0n ? 'lost' : decision.retry ? 'retried' : 'failed';
    }
    const result = outcome?.result ? JSON.stringify(outcome.result) : null;
    const { numAffectedRows } = await system((db) => (outcome?.again !== undefined
      ? sql`update jobs set attempts = 0, last_error = null, result = ${result}::jsonb,
                 payload = coalesce(${outcome.payload ? JSON.stringify(outcome.payload) : null}::jsonb, payload),
                 run_at = now() + make_interval(secs => ${outcome.again})
            where id = ${job.id} and attempts = ${job.attempts} and status = 'pending'`
      : sql`update jobs set status = 'done', last_error = null, result = ${result}::jsonb, finished_at = now()
            where id = ${job.id} and attempts = ${job.attempts} and status = 'pending'`
    ).execute(db));
    // Zero rows: the lease ran out and another run holds the job now; what this run did is
    // guarded by its idempotency keys, and the other run finishes the job.
    if ((numAffectedRows ?? 0n) === 0n) {
      logger.warn('job lease ran out before it finished', { jobId: job.id, kind: job.kind });
      return 'lost';
    }
    return outcome?.again !== undefined ? 'again' : 'done';
  }

  /**
   * Finishes the done jobs of a batch kind in one statement (each still only if its claim holds);
   * the ids it closed (the others were lost). `id = any(array(…))`: looked up by key, not scanned.
   */
  async function closeDone(done: Array<{ job: ClaimedJob; outcome: JobOutcome | void }>): Promise<Set<string>> {
    if (done.length === 0) return new Set();
    const rows = JSON.stringify(done.map(({ job, outcome }) => ({ id: job.id, attempts: job.attempts, result: outcome?.result ?? null })));
    const { rows: closed } = await system((db) => sql<{ id: string }>`
      with v as (select * from jsonb_to_recordset(${rows}::jsonb) as v(id uuid, attempts integer, result jsonb))
      update jobs set status = 'done', last_error = null, result = v.result, finished_at = now()
        from v
       where jobs.id = any(array(select id from v)) and jobs.id = v.id and jobs.attempts = v.attempts and jobs.status = 'pending'
      returning jobs.id`.execute(db));
    return new Set(closed.map((row) => row.id));
  }

  async function runOnce(): Promise<JobBatchResult> {
    const jobs = await claim();
    const result: JobBatchResult = { claimed: jobs.length, done: 0, again: 0, retried: 0, failed: 0 };
    const count = (job: ClaimedJob, state: JobRunState) => {
      if (state !== 'lost') result[state] += 1;
      options.onJob?.(job, state);
    };
    const single = jobs.filter((job) => typeof handlers[job.kind] !== 'object');
    const batched = new Map<JobBatchHandler, ClaimedJob[]>();
    for (const job of jobs) {
      const handler = handlers[job.kind];
      if (handler && typeof handler === 'object') batched.set(handler, [...(batched.get(handler) ?? []), job]);
    }
    // A few at a time: most jobs are database work (on the embedded database they take turns on
    // its one connection anyway), but a webhook delivery waits on someone else's server, and one
    // slow endpoint must not hold the batch's other deliveries up; each job is independent (its
    // own claim, its own idempotency keys), so their order within a batch does not matter.
    let next = 0;
    const singles = Promise.all(
      Array.from({ length: Math.min(concurrency, single.length) }, async () => {
        while (next < single.length) {
          const job = single[next++]!;
          count(job, await close(job, await work(job)));
        }
      }),
    );
    // A batch kind: its jobs worked together, the done ones closed in one statement, the others one by one.
    const batches = [...batched].map(async ([handler, kindJobs]) => {
      let outcomes: Array<JobOutcome | void | Error>;
      try {
        outcomes = await handler.batch(kindJobs, { now: clock.now(), logger: logger.child({ job: kindJobs[0]!.kind }), concurrency });
      } catch (caught) {
        outcomes = kindJobs.map(() => (caught instanceof Error ? caught : new Error(String(caught))));
      }
      const done: Array<{ job: ClaimedJob; outcome: JobOutcome | void }> = [];
      for (const [i, job] of kindJobs.entries()) {
        const outcome = outcomes[i];
        if (outcome instanceof Error || outcome?.again !== undefined) count(job, await close(job, outcome));
        else done.push({ job, outcome });
      }
      const closed = await closeDone(done);
      for (const { job } of done) {
        if (!closed.has(job.id)) logger.warn('job lease ran out before it finished', { jobId: job.id, kind: job.kind });
        count(job, closed.has(job.id) ? 'done' : 'lost');
      }
    });
    await Promise.all([singles, ...batches]);
    return result;
  }

  // A full batch, or a job that queued itself to go on: look again at once.
  return createClaimLoop({ name: 'job runner', logger, pollIntervalMs, runBatch: runOnce, goOn: (batch) => batch.claimed === batchSize || batch.again > 0 }, 1000);
}
