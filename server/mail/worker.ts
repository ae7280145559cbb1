/**
 * @module
 * The outbox worker: sends what enqueueEmail queued, with retries (retry-policy.ts).
 *
 * Claiming. A batch of due rows is claimed in one short statement:
 *   UPDATE … SET attempts + 1, next_attempt_at = now() + lease
 *   WHERE id IN (SELECT … WHERE due … FOR UPDATE SKIP LOCKED)
 * and committed *before* anything is sent. Another worker (another server instance) skips the
 * rows while they are locked and finds them not due once the claim is committed, so two workers
 * never send one row. No transaction is held open while talking to SMTP: a slow or dead mail
 * server must not pin a database connection (with embedded PGlite there is only one).
 *
 * After sending, the row is marked sent; after a failure it is rescheduled with back-off or marked
 * failed. If the process dies between sending and marking, the lease runs out and the message is
 * sent again: that window (milliseconds) is the one place where "exactly once" becomes "at least
 * once", and the Message-ID derived from the row id lets the receiving side see the duplicate.
 *
 * Time is the database's `now()`, not the app clock: rows are queued with the database's time,
 * and a frozen demo clock must not stop retries from ever becoming due.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import type { FileStores } from '../files/file-store.ts';
import { postgresFileStore } from '../files/postgres-file-store.ts';
import { fileStores } from '../files/file-store.ts';
import { readWholeStoredFile } from '../files/stored-files.ts';
import type { Logger } from '../http/logger.ts';
import { afterSendFailure, DEFAULT_RETRY_POLICY, type RetryPolicy, type SendError } from './retry-policy.ts';
import type { MailTransport } from './transport.ts';

export interface OutboxWorkerOptions {
  database: DatabaseHandle;
  transport: MailTransport;
  logger: Logger;
  /** How often to look for due mail when the queue was empty. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Messages of a batch in flight at once (match the SMTP pool's connections). */
  sendConcurrency?: number;
  /** How long a claim lasts; longer than any send can take (SMTP timeouts are far shorter). */
  leaseSeconds?: number;
  retry?: RetryPolicy;
  random?: () => number;
  /** Where attachments' bytes are read (deps.files); the database's own store when left out. */
  files?: FileStores;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

export interface OutboxWorker {
  /** Claims and sends one batch of due messages. */
  runOnce(): Promise<BatchResult>;
  /** Runs batches until the queue is empty (or `maxBatches`); for tests and the demo. */
  drain(maxBatches?: number): Promise<BatchResult>;
  start(): void;
  /** Stops polling and waits for the batch in progress. Does not close the transport. */
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: Record<string, string> | string | null;
  template: string;
  attempts: number;
  created_at: Date | string;
  attachment_file_id: string | null;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { database, transport, logger } = options;
  const db = database.db;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const sendConcurrency = Math.max(1, options.sendConcurrency ?? 4);
  const leaseSeconds = options.leaseSeconds ?? 300;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function claim(): Promise<ClaimedRow[]> {
    const { rows } = await sql<ClaimedRow>`
      update email_outbox as o
         set attempts = o.attempts + 1,
             next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
       where o.id in (
             select id from email_outbox
              where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at, created_at
              limit ${batchSize}
                for update skip locked)
      returning o.id, o.recipient, o.subject, o.text_body, o.html_body, o.headers, o.template, o.attempts, o.created_at, o.attachment_file_id`.execute(db);
    return rows;
  }

  async function sendOne(row: ClaimedRow): Promise<'sent' | 'retried' | 'failed'> {
    try {
      const attachments = row.attachment_file_id ? await attachmentsOf(row.attachment_file_id) : undefined;
      await transport.send({
        ...(attachments ? { attachments } : {}),
        id: row.id,
        to: row.recipient,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        headers: typeof row.headers === 'string' ? (JSON.parse(row.headers) as Record<string, string>) : (row.headers ?? {}),
        template: row.template,
        date: new Date(row.created_at),
      });
    } catch (caught) {
      const error = (caught ?? {}) as SendError & { message?: string };
      const decision = afterSendFailure(row.attempts, error, policy, random());
      const lastError = String(error.message ?? caught).slice(0, 500);
      if (decision.retry) {
        await sql`update email_outbox set last_error = ${lastError},
                  next_attempt_at = now() + make_interval(secs => ${decision.delayMs / 1000})
                  where id = ${row.id} and status = 'pending'`.execute(db);
      } else {
        await sql`update email_outbox set status = 'failed', last_error = ${lastError}
                  where id = ${row.id} and status = 'pending'`.execute(db);
      }
      logger.warn('mail not sent', { outboxId: row.id, template: row.template, attempts: row.attempts, retry: decision.retry, error: lastError });
      return decision.retry ? 'retried' : 'failed';
    }
    await sql`update email_outbox set status = 'sent', sent_at = now(), last_error = null
              where id = ${row.id} and status = 'pending'`.execute(db);
    logger.info('mail sent', { outboxId: row.id, template: row.template, attempts: row.attempts });
    return 'sent';
  }

  /** The stored file a message carries (read when sending, so the queue row stays small). */
  async function attachmentsOf(fileId: string) {
    const file = await readWholeStoredFile(database, options.files ?? fileStores(postgresFileStore(database)), fileId);
    return file ? [{ filename: file.fileName, contentType: file.contentType, content: file.bytes }] : undefined;
  }

  async function runOnce(): Promise<BatchResult> {
    const rows = await claim();
    const result: BatchResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    // A few at a time, as many as the SMTP pool has connections: each send waits on round trips.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(sendConcurrency, rows.length) }, async () => {
        while (next < rows.length) result[await sendOne(rows[next++]!)] += 1;
      }),
    );
    return result;
  }

  async function drain(maxBatches = 100): Promise<BatchResult> {
    const total: BatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < maxBatches; i += 1) {
      const batch = await runOnce();
      for (const key of Object.keys(total) as Array<keyof BatchResult>) total[key] += batch[key];
      if (batch.claimed === 0) break;
    }
    return total;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    // A pending poll must not keep a process (or a test run) alive on its own.
    (timer as { unref?: () => void }).unref?.();
  }

  function tick() {
    timer = undefined;
    running = runOnce()
      .then((batch) => schedule(batch.claimed === batchSize ? 0 : pollIntervalMs))
      .catch((error: unknown) => {
        logger.error('outbox worker batch failed', { error: String(error) });
        schedule(pollIntervalMs);
      })
      .finally(() => {
        running = undefined;
      });
  }

  return {
    runOnce,
    drain,
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
