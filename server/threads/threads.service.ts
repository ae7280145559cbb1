/**
 * @module
 * Writing to contact threads: the resident opens and answers (from the routes), the manager
 * replies through `replyAsManager` (called by the tests and the demo seed now, by the management
 * API of a later issue). Every function runs inside the caller's tenant transaction, so the
 * message, the status change and the queued email commit together or not at all.
 */
import type { Tx } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import { conflict, notFound, unprocessable, validationFailed } from '../errors.ts';
import { storeFile, type FileChanges, type FileToStore } from '../files/stored-files.ts';
import { fileToStore, type FileInput } from '../files/upload.ts';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../files/upload-policy.ts';
import { isUuid } from '../http/ids.ts';
import { enqueueEmail } from '../mail/outbox.ts';
import { decide } from '../rights/rights.ts';
import { queueThreadMessageEvent } from '../webhooks/webhook-events.ts';
import { managerReplyEmail } from './reply-email.ts';
import { shouldEmailReply, statusAfterMessage, THREAD_LIMITS } from './thread-rules.ts';
import { findThread, insertMessage, insertThread, setThreadStatus, type ThreadRow } from './threads.repository.ts';

function checkText(fields: Record<string, string>, name: string, value: string, max: number) {
  if (!value.trim()) fields[name] = 'required';
  else if (value.length > max) fields[name] = 'too_long';
}

async function storeAttachment(trx: Tx, files: FileChanges, tenantId: string, file: FileToStore | undefined, uploadedBy: string | null, now: Date) {
  return file ? (await storeFile(trx, files, tenantId, { ...file, uploadedBy, now })).id : null;
}

export async function openThread(
  trx: Tx,
  files: FileChanges,
  tenantId: string,
  input: { premiseId: string; userId: string; subject: string; body: string; notifyByEmail: boolean; file?: FileToStore | undefined },
  now: Date,
): Promise<ThreadRow> {
  const fields: Record<string, string> = {};
  checkText(fields, 'subject', input.subject, THREAD_LIMITS.subject);
  checkText(fields, 'body', input.body, THREAD_LIMITS.body);
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  const thread = await insertThread(trx, tenantId, {
    premiseId: input.premiseId,
    createdBy: input.userId,
    subject: input.subject.trim(),
    notifyByEmail: input.notifyByEmail,
    now,
  });
  const fileId = await storeAttachment(trx, files, tenantId, input.file, `user:${input.userId}`, now);
  const messageId = await insertMessage(trx, tenantId, { threadId: thread.id, authorKind: 'resident', authorId: input.userId, body: input.body.trim(), fileId, now });
  // The manager's systems hear of it in this transaction (server/webhooks/).
  await queueThreadMessageEvent(trx, tenantId, thread, { id: messageId, authorKind: 'resident', authorId: input.userId, body: input.body.trim(), hasAttachment: fileId !== null, newThread: true }, now);
  return thread;
}

export async function addResidentMessage(
  trx: Tx,
  files: FileChanges,
  tenantId: string,
  thread: ThreadRow,
  input: { userId: string; body: string; file?: FileToStore | undefined },
  now: Date,
): Promise<string> {
  const fields: Record<string, string> = {};
  checkText(fields, 'body', input.body, THREAD_LIMITS.body);
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  const change = statusAfterMessage(thread.status, 'resident');
  if (!change.ok) throw conflict(change.code, 'This conversation is closed. Start a new one.');
  const fileId = await storeAttachment(trx, files, tenantId, input.file, `user:${input.userId}`, now);
  const id = await insertMessage(trx, tenantId, { threadId: thread.id, authorKind: 'resident', authorId: input.userId, body: input.body.trim(), fileId, now });
  await setThreadStatus(trx, thread.id, change.status, now);
  await queueThreadMessageEvent(
    trx,
    tenantId,
    { ...thread, status: change.status },
    { id, authorKind: 'resident', authorId: input.userId, body: input.body.trim(), hasAttachment: fileId !== null, newThread: false },
    now,
  );
  return id;
}

export interface ManagerReply {
  threadId: string;
  body: string;
  /** Close the thread with this reply. */
  close?: boolean;
  /** The manager's staff account, when there is one (the management API of a later issue). */
  authorId?: string | null;
  file?: FileInput;
  /** Who sent it, for the file's row ('api_key:<id>', 'staff:<id>'). */
  uploadedBy?: string | null;
}

/**
 * The manager answers a thread: the message is stored, the thread becomes `answered` (or
 * `closed`), and when the resident who opened it wants to be told, an email is queued in the
 * outbox in the same transaction.
 */
export async function replyAsManager(
  trx: Tx,
  files: FileChanges,
  tenant: Pick<Tenant, 'id' | 'name' | 'settings'>,
  reply: ManagerReply,
  now: Date,
): Promise<{ messageId: string; emailQueued: boolean }> {
  if (!isUuid(reply.threadId)) throw notFound();
  const thread = await findThread(trx, reply.threadId);
  if (!thread) throw notFound();
  const fields: Record<string, string> = {};
  checkText(fields, 'body', reply.body, THREAD_LIMITS.body);
  if (Object.keys(fields).length > 0) throw validationFailed(fields);

  const file =
    reply.file && fileToStore(reply.file, DEFAULT_MAX_UPLOAD_BYTES, (code) => unprocessable(code, `The attachment was refused: ${code}.`, { file: code }));
  const change = statusAfterMessage(thread.status, 'manager', { close: reply.close ?? false });
  if (!change.ok) throw conflict(change.code, 'The thread is closed.');
  const fileId = await storeAttachment(trx, files, tenant.id, file, reply.uploadedBy ?? null, now);
  const messageId = await insertMessage(trx, tenant.id, { threadId: thread.id, authorKind: 'manager', authorId: reply.authorId ?? null, body: reply.body.trim(), fileId, now });
  await setThreadStatus(trx, thread.id, change.status, now);
  await queueThreadMessageEvent(
    trx,
    tenant.id,
    { ...thread, status: change.status },
    { id: messageId, authorKind: 'manager', authorId: reply.authorId ?? null, body: reply.body.trim(), hasAttachment: fileId !== null, newThread: false },
    now,
  );

  const recipient = await trx
    .selectFrom('users')
    .select(['email', 'language', 'status', 'email_preferences'])
    .where('id', '=', thread.created_by)
    .executeTakeFirst();
  // Someone who has since lost the premise (sold the apartment, or a proxy whose authorisation
  // expired) is not told about it any more.
  const grant = await trx
    .selectFrom('grants')
    .select(['role', 'rights'])
    .where('user_id', '=', thread.created_by)
    .where('premise_id', '=', thread.premise_id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  const stillReaches = !!grant && decide({ premiseId: thread.premise_id, role: grant.role, rights: grant.rights }, 'threads.use') === 'allow';
  const wanted =
    stillReaches &&
    shouldEmailReply(
      { notifyByEmail: thread.notify_by_email },
      recipient && { status: recipient.status, emailPreferences: recipient.email_preferences ?? {} },
    );
  if (wanted && recipient) {
    await enqueueEmail(trx, tenant.id, managerReplyEmail(tenant, { email: recipient.email, language: recipient.language }, thread));
  }
  return { messageId, emailQueued: wanted };
}
