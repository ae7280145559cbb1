/**
 * @module
 * The rulebook of contact threads ("Saziņa"), free of HTTP and SQL:
 * - a resident (owner or proxy of the premise) opens a thread with a general question; it is
 *   `open` while the manager owes an answer;
 * - the manager's reply makes it `answered`; the resident's next message makes it `open` again;
 * - the manager may close it with a reply; a closed thread takes no more messages from the
 *   resident, who opens a new one instead (the manager may still write into it);
 * - the resident who opened it is told of a reply by email when the thread asked for that and
 *   the account has not switched manager-reply mail off.
 */

export type ThreadStatus = 'open' | 'answered' | 'closed';
export type AuthorKind = 'resident' | 'manager';

export const THREAD_LIMITS = { subject: 200, body: 5000 } as const;

export type StatusChange = { ok: true; status: ThreadStatus } | { ok: false; code: 'thread_closed' };

export function statusAfterMessage(current: ThreadStatus, author: AuthorKind, options: { close?: boolean } = {}): StatusChange {
  if (author === 'resident') return current === 'closed' ? { ok: false, code: 'thread_closed' } : { ok: true, status: 'open' };
  return { ok: true, status: options.close ? 'closed' : 'answered' };
}

export interface ReplyRecipient {
  status: 'pending' | 'active' | 'disabled';
  emailPreferences: Record<string, unknown>;
}

/** Preferences default to on: `managerReplies` must be explicitly false to stop the mail. */
export function shouldEmailReply(thread: { notifyByEmail: boolean }, recipient: ReplyRecipient | undefined): boolean {
  if (!thread.notifyByEmail || !recipient || recipient.status !== 'active') return false;
  return recipient.emailPreferences.managerReplies !== false;
}
