/**
 * @module
 * The outbox worker: sends what enqueueEmail queued, with retries (retry-policy.ts).
 *
 * Polling, claiming and leasing are the claim loop's (server/jobs/claim-loop.ts), shared with the
 * job runner: a batch is claimed and committed *before* anything is sent, so two instances never
 * send one row and no transaction is held open while talking to SMTP.
 *
 * Delivery is at least once, on purpose. After SMTP accepts a message the row is marked sent
 * soon after (in batches, below); if the process dies between the two (kill -9, a lost database
 * connection), the lease runs out and the message is sent again. SMTP has no way to take a message
 * back or to commit with our database, so the choice is between that rare repeat and a message
 * that may be lost (marking before sending); for a reading reminder or a password reset a repeat
 * is the lesser harm. The repeat is the *same* message: the Message-ID is derived from the row id
 * and the Date is the row's creation time, so mail systems that drop a Message-ID they have seen
 * show it once, and a person can tell it from a new one. Different messages for one occasion never
 * happen: those are kept apart by the idempotency keys taken when the message is queued.
 *
 * The marks are written in batches: the ids SMTP accepted are marked sent together, by one UPDATE
 * each time `markEvery` have gathered and when the claimed batch is done (one statement instead
 * of one per message, which at hundreds of messages a second was a third of the database's work
 * and a round trip each). So the window is "from the SMTP accept to the next mark", at most
 * `markEvery` messages or one batch's sending time, far inside the lease: in normal operation,
 * stopping included (stop waits for the batch and its marks), nothing is sent twice.
 */
import { sql } from 'kysely';
import { affected, claimDue, createClaimLoop } from '../jobs/claim-loop.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { FileStores } from '../files/file-store.ts';
import { postgresFileStore } from '../files/postgres-file-store.ts';
import { fileStores } from '../files/file-store.ts';
import { readWholeStoredFile } from '../files/stored-files.ts';
import type { Logger } from '../http/logger.ts';
import { afterSendFailure, DEFAULT_RETRY_POLICY, type RetryPolicy, type SendError } from './retry-policy.ts';
import { SMTP_CONNECTIONS, type MailTransport } from './transport.ts';

export interface OutboxWorkerOptions {
  database: DatabaseHandle;
  transport: MailTransport;
  logger: Logger;
  /** How often to look for due mail when the queue was empty. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Messages of a batch in flight at once (match the SMTP pool's connections). */
  sendConcurrency?: number;
  /** Messages SMTP accepted that are marked sent together (at the latest when the batch is done). */
  markEvery?: number;
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
  // Mail of every tenant: each statement on the outbox is system work (migration 0097).
  const system = database.withSystem;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 200;
  const markEvery = Math.max(1, options.markEvery ?? 50);
  const sendConcurrency = Math.max(1, options.sendConcurrency ?? SMTP_CONNECTIONS);
  const leaseSeconds = options.leaseSeconds ?? 300;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;

  const claim = () =>
    system((db) => claimDue<ClaimedRow>(db, {
      table: 'email_outbox',
      dueColumn: 'next_attempt_at',
      orderBy: ['next_attempt_at', 'created_at'],
      limit: batchSize,
      leaseSeconds,
      columns: ['id', 'recipient', 'subject', 'text_body', 'html_body', 'headers', 'template', 'attempts', 'created_at', 'attachment_file_id'],
    }));

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
        await system((db) => sql`update email_outbox set last_error = ${lastError},
                  next_attempt_at = now() + make_interval(secs => ${decision.delayMs / 1000})
                  where id = ${row.id} and attempts = ${row.attempts} and status = 'pending'`.execute(db));
      } else {
        await system((db) => sql`update email_outbox set status = 'failed', last_error = ${lastError}
                  where id = ${row.id} and attempts = ${row.attempts} and status = 'pending'`.execute(db));
      }
      logger.warn('mail not sent', { outboxId: row.id, template: row.template, attempts: row.attempts, retry: decision.retry, error: lastError });
      return decision.retry ? 'retried' : 'failed';
    }
    return 'sent';
  }

  /**
   * Marks sent what SMTP accepted. Not by the claim's number: whoever sent it, it is sent (a run
   * whose lease ran out while SMTP was slow and the run that claimed it again both sent it, with
   * the same Message-ID).
   */
  async function markSent(rows: readonly ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.id);
    const marked = affected(
      await system((db) => sql`update email_outbox set status = 'sent', sent_at = now(), last_error = null
                where id = any(${ids}::uuid[]) and status = 'pending'`.execute(db)),
    );
    logger.info('mail sent', { count: rows.length, outboxIds: ids, templates: [...new Set(rows.map((row) => row.template))], ...(marked < rows.length ? { alreadyMarked: rows.length - marked } : {}) });
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
    let accepted: ClaimedRow[] = [];
    const marks: Array<Promise<void>> = [];
    await Promise.all(
      Array.from({ length: Math.min(sendConcurrency, rows.length) }, async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          const outcome = await sendOne(row);
          result[outcome] += 1;
          if (outcome !== 'sent') continue;
          accepted.push(row);
          if (accepted.length >= markEvery) {
            marks.push(markSent(accepted));
            accepted = [];
          }
        }
      }),
    );
    marks.push(markSent(accepted));
    await Promise.all(marks);
    return result;
  }

  return createClaimLoop({ name: 'outbox worker', logger, pollIntervalMs, runBatch: runOnce, goOn: (batch) => batch.claimed === batchSize }, 100);
}
