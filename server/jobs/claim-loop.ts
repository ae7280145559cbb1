/**
 * @module
 * The one way Doorstep polls, claims and leases queued work. The job runner (job-runner.ts) and
 * the mail outbox worker (server/mail/worker.ts) are both a claim loop over their own table.
 *
 * Claiming is one short statement
 *   UPDATE t SET attempts = attempts + 1, <due> = now() + lease
 *   WHERE id IN (SELECT id … WHERE status = 'pending' AND <due> <= now() … FOR UPDATE SKIP LOCKED)
 * committed *before* the work is done. Another instance skips the rows while they are locked and
 * finds them not due once the claim is committed, so no two instances work on one row; no
 * transaction is held open while the work runs (a slow SMTP server or job must not pin a
 * connection — embedded PGlite has only one). If the process dies, the lease runs out and the row
 * is due again. The claimed `attempts` is the claim's number: a closing statement that names it
 * (`attempts = n`) is refused once another run has claimed the row since.
 *
 * Time is the database's now(), not the app clock: rows are queued with it, and a frozen demo
 * clock must never stop a retry from becoming due.
 *
 * The loop: claim a batch and work it; a full batch (or work that asked to go on) looks again at
 * once, an empty one waits `pollIntervalMs`. `drain` runs batches until nothing is due (tests,
 * the demo, the bench).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Logger } from '../http/logger.ts';

export interface ClaimQuery {
  table: 'jobs' | 'email_outbox';
  /** The column that says when a row is due; a claim moves it to the end of the lease. */
  dueColumn: 'run_at' | 'next_attempt_at';
  /** Oldest first. */
  orderBy: readonly string[];
  limit: number;
  leaseSeconds: number;
  /** The columns the claim answers with. */
  columns: readonly string[];
}

/**
 * Claims up to `limit` due rows for `leaseSeconds` (see the module comment). The due rows are
 * picked by `= any(array(…))`, which Postgres runs once (an InitPlan), and then updated by primary
 * key. The earlier `c.id in (select … limit … for update skip locked)` left the join to the
 * planner: planned while the table was nearly empty (statistics of an empty outbox, a reminder
 * round just starting), it re-ran the picking sort once per row of the table, and one claim of
 * a 100k reminder round ran for over ten minutes at full CPU while nothing was sent.
 */
export async function claimDue<Row>(db: Db, query: ClaimQuery): Promise<Row[]> {
  const table = sql.table(query.table);
  const due = sql.ref(query.dueColumn);
  const { rows } = await sql<Row>`
    update ${table} as c
       set attempts = c.attempts + 1,
           ${due} = now() + make_interval(secs => ${query.leaseSeconds})
     where c.id = any(array(
           select id from ${table}
            where status = 'pending' and ${due} <= now()
            order by ${sql.join(query.orderBy.map((column) => sql.ref(column)))}
            limit ${query.limit}
              for update skip locked))
    returning ${sql.join(query.columns.map((column) => sql.ref(`c.${column}`)))}`.execute(db);
  return rows;
}

/** `numAffectedRows` of a closing statement, as a number (0: the claim was lost). */
export const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

export interface BatchCounts {
  claimed: number;
}

export interface ClaimLoopOptions<B extends BatchCounts> {
  /** For the log. */
  name: string;
  logger: Logger;
  pollIntervalMs: number;
  /** Claims one batch and works it. */
  runBatch: () => Promise<B>;
  /** True when the loop should look again at once (a full batch, work that goes on). */
  goOn: (batch: B) => boolean;
}

export interface ClaimLoop<B> {
  runOnce(): Promise<B>;
  /** Runs batches until one claims nothing (or maxBatches); the counts summed. */
  drain(maxBatches?: number): Promise<B>;
  start(): void;
  /** Stops polling and waits for the batch in progress. */
  stop(): Promise<void>;
}

export function createClaimLoop<B extends BatchCounts>(options: ClaimLoopOptions<B>, defaultMaxBatches: number): ClaimLoop<B> {
  const { logger, pollIntervalMs, runBatch, goOn } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    // A pending poll must not keep a process (or a test run) alive on its own.
    (timer as { unref?: () => void }).unref?.();
  }

  function tick() {
    timer = undefined;
    running = runBatch()
      .then((batch) => schedule(goOn(batch) ? 0 : pollIntervalMs))
      .catch((error: unknown) => {
        logger.error(`${options.name} batch failed`, { error: String(error) });
        schedule(pollIntervalMs);
      })
      .finally(() => {
        running = undefined;
      });
  }

  return {
    runOnce: runBatch,
    async drain(maxBatches = defaultMaxBatches) {
      let total: B | undefined;
      for (let i = 0; i < maxBatches; i += 1) {
        const batch = await runBatch();
        total = total ? (sumCounts(total, batch) as unknown as B) : batch;
        if (batch.claimed === 0) break;
      }
      return total!;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

function sumCounts(a: object, b: object): Record<string, number> {
  const sum: Record<string, number> = { ...(a as Record<string, number>) };
  for (const [key, value] of Object.entries(b as Record<string, number>)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}
