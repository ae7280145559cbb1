/**
 * @module
 * Queuing mail. A message is written to the email_outbox table inside the caller's transaction,
 * so it exists exactly when the change that causes it is committed: a rolled-back change sends
 * nothing, and an SMTP outage loses nothing. A worker (server/mail/worker.ts) sends the queue.
 */
import type { Tx } from '../db/database.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe for reminder-type mail. */
  headers?: Record<string, string>;
  /** What kind of message this is (e.g. "invitation", "password_reset"), for tests and support. */
  template: string;
  /** A stored file (stored_files.id) sent as the attachment, e.g. an invoice's PDF. */
  attachmentFileId?: string | null;
}

/**
 * An address no mail can reach: `.invalid` is reserved for that (RFC 2606), and strong login gives
 * an account made without an email the placeholder `strong-…@doorstep.invalid`. Such messages are
 * never queued (and the transport refuses any queued before this rule).
 */
export const isPlaceholderAddress = (address: string) => /\.invalid>?$/i.test(address.trim());

/** Header values may not carry line breaks: that is how header injection works. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

const outboxRow = (tenantId: string, message: EmailMessage) => ({
  tenant_id: tenantId,
  recipient: oneLine(message.to),
  subject: oneLine(message.subject),
  text_body: message.text,
  html_body: message.html ?? null,
  headers: JSON.stringify(Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [oneLine(k), oneLine(v)]))),
  template: message.template,
  attachment_file_id: message.attachmentFileId ?? null,
});

/** Queues one message; its outbox id, or null when the recipient is a placeholder address. */
export async function enqueueEmail(trx: Tx, tenantId: string, message: EmailMessage): Promise<string | null> {
  if (isPlaceholderAddress(message.to)) return null;
  const row = await trx.insertInto('email_outbox').values(outboxRow(tenantId, message)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Queues many messages in one statement (the reminder jobs queue hundreds at a time). */
export async function enqueueEmails(trx: Tx, tenantId: string, messages: readonly EmailMessage[]): Promise<void> {
  const deliverable = messages.filter((message) => !isPlaceholderAddress(message.to));
  if (deliverable.length === 0) return;
  await trx.insertInto('email_outbox').values(deliverable.map((message) => outboxRow(tenantId, message))).execute();
}
