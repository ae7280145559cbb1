/**
 * @module
 * Threads and their messages.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Tx } from '../db/database.ts';
import type { AuthorKind, ThreadStatus } from './thread-rules.ts';

export interface ThreadRow {
  id: string;
  premise_id: string;
  created_by: string;
  subject: string;
  status: ThreadStatus;
  notify_by_email: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * A thread's message count and who wrote last, as two correlated subqueries on `threads as t`; the
 * resident's list and the manager's inbox (admin/threads/threads.repository.ts) both select them.
 */
export const threadActivity = (eb: ExpressionBuilder<Database & { t: Database['threads'] }, 't'>) => [
  eb.selectFrom('thread_messages as m').select(sql<number>`count(*)::int`.as('n')).whereRef('m.thread_id', '=', 't.id').as('message_count'),
  eb
    .selectFrom('thread_messages as m')
    .select('m.author_kind')
    .whereRef('m.thread_id', '=', 't.id')
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(1)
    .as('last_author_kind'),
];

const THREAD_COLUMNS = ['t.id', 't.premise_id', 't.created_by', 't.subject', 't.status', 't.notify_by_email', 't.created_at', 't.updated_at'] as const;

/**
 * A premise's threads (or one of them), latest activity first, with their message count and who
 * wrote last.
 */
export async function threadsOfPremise(trx: Tx, premiseId: string, onlyThreadId?: string) {
  let query = trx
    .selectFrom('threads as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(THREAD_COLUMNS)
    .select(['u.name as created_by_name'])
    .select(threadActivity)
    .where('t.premise_id', '=', premiseId);
  if (onlyThreadId) query = query.where('t.id', '=', onlyThreadId);
  return query.orderBy('t.updated_at', 'desc').orderBy('t.id').execute();
}

export async function findThread(trx: Tx, threadId: string): Promise<ThreadRow | undefined> {
  return trx.selectFrom('threads as t').select(THREAD_COLUMNS).where('t.id', '=', threadId).executeTakeFirst();
}

export async function insertThread(
  trx: Tx,
  tenantId: string,
  thread: { premiseId: string; createdBy: string; subject: string; notifyByEmail: boolean; now: Date },
): Promise<ThreadRow> {
  return trx
    .insertInto('threads')
    .values({
      tenant_id: tenantId,
      premise_id: thread.premiseId,
      created_by: thread.createdBy,
      subject: thread.subject,
      status: 'open',
      notify_by_email: thread.notifyByEmail,
      created_at: thread.now,
      updated_at: thread.now,
    })
    .returning(['id', 'premise_id', 'created_by', 'subject', 'status', 'notify_by_email', 'created_at', 'updated_at'])
    .executeTakeFirstOrThrow();
}

export async function insertMessage(
  trx: Tx,
  tenantId: string,
  message: { threadId: string; authorKind: AuthorKind; authorId: string | null; body: string; fileId: string | null; now: Date },
): Promise<string> {
  const { id } = await trx
    .insertInto('thread_messages')
    .values({
      tenant_id: tenantId,
      thread_id: message.threadId,
      author_kind: message.authorKind,
      author_id: message.authorId,
      body: message.body,
      file_id: message.fileId,
      created_at: message.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function setThreadStatus(trx: Tx, threadId: string, status: ThreadStatus, now: Date): Promise<void> {
  await trx.updateTable('threads').set({ status, updated_at: now }).where('id', '=', threadId).execute();
}

export async function messagesOfThread(trx: Tx, threadId: string) {
  return trx
    .selectFrom('thread_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .leftJoin('stored_files as f', 'f.id', 'm.file_id')
    .select(['m.id', 'm.author_kind', 'm.author_id', 'u.name as author_name', 'm.body', 'm.created_at', 'f.id as file_id', 'f.file_name', 'f.content_type', 'f.size_bytes'])
    .where('m.thread_id', '=', threadId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
}

export async function messageFileId(trx: Tx, threadId: string, messageId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('thread_messages').select('file_id').where('id', '=', messageId).where('thread_id', '=', threadId).executeTakeFirst();
  return row?.file_id ?? undefined;
}
