/**
 * @module
 * Threads as the manager's inbox sees them: across every premise of the tenant, with the
 * premise's externalRef and label and the name of the resident who asked, in the order of
 * thread-queue.ts. Messages and writes are the resident side's (threads/threads.repository.ts,
 * threads/threads.service.ts).
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { ThreadStatus } from '../../threads/thread-rules.ts';
import { threadActivity } from '../../threads/threads.repository.ts';
import type { QueuePlace } from './thread-queue.ts';

const RANK = sql<number>`(case t.status when 'open' then 0 when 'answered' then 1 else 2 end)`;
const ACTIVITY = sql<string>`(floor(extract(epoch from t.updated_at) * 1000000))::bigint`;

const inboxQuery = (trx: Tx) =>
  trx
    .selectFrom('threads as t')
    .innerJoin('premises as p', 'p.id', 't.premise_id')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.subject', 't.status', 't.notify_by_email', 't.created_at', 't.updated_at', 't.premise_id', 'p.external_ref as premise_ref', 'p.label as premise_label', 'u.id as resident_id', 'u.name as resident_name', 'u.email as resident_email'])
    .select([RANK.as('rank'), sql<string>`${ACTIVITY}::text`.as('activity_micros')])
    .select(threadActivity);

export type InboxRow = NonNullable<Awaited<ReturnType<typeof findInboxThread>>>;

export async function inboxPage(trx: Tx, filter: { statuses: readonly ThreadStatus[]; after?: QueuePlace | undefined; limit: number }) {
  let query = inboxQuery(trx).where('t.status', 'in', [...filter.statuses]);
  const after = filter.after;
  if (after) query = query.where(sql<boolean>`(${RANK}, ${ACTIVITY}, t.id) > (${after.rank}, ${after.activityMicros}::bigint, ${after.id}::uuid)`);
  return query.orderBy(RANK).orderBy(ACTIVITY).orderBy('t.id').limit(filter.limit + 1).execute();
}

export async function findInboxThread(trx: Tx, threadId: string) {
  return inboxQuery(trx).where('t.id', '=', threadId).executeTakeFirst();
}
