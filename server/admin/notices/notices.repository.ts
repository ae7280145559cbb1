/**
 * @module
 * Notices as the manager sees them: every notice, scheduled, live or expired, found by id or by
 * the manager's externalRef, with its targets and attachments. Publishing itself is the resident
 * side's (notices/notices.service.ts), so the same rules guard both.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { NoticeTranslations } from '../../notices/notice-rules.ts';
import { deleteStoredFiles, type FileChanges } from '../../files/stored-files.ts';
import { isUuid } from '../../http/ids.ts';
import type { NoticeAudience, NoticeKind } from '../../notices/notice-rules.ts';

export type NoticeState = 'scheduled' | 'live' | 'expired';

const COLUMNS = ['n.id', 'n.external_ref', 'n.title', 'n.body', 'n.translations', 'n.kind', 'n.audience', 'n.publish_at', 'n.expires_at', 'n.created_at'] as const;

const noticeQuery = (trx: Tx) =>
  trx
    .selectFrom('notices as n')
    .select(COLUMNS)
    .select((eb) => eb.selectFrom('notice_reads as r').select(sql<number>`count(*)::int`.as('n')).whereRef('r.notice_id', '=', 'n.id').as('read_count'));

export type AdminNoticeRow = NonNullable<Awaited<ReturnType<typeof findNoticeByKey>>>;

/** By id when the key is a UUID, else (or then) by externalRef. */
export async function findNoticeByKey(trx: Tx, key: string) {
  return noticeQuery(trx)
    .where((eb) => (isUuid(key) ? eb.or([eb('n.id', '=', key.toLowerCase()), eb('n.external_ref', '=', key)]) : eb('n.external_ref', '=', key)))
    .orderBy(sql`(n.id::text = ${key.toLowerCase()})`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function noticesPage(trx: Tx, filter: { afterId?: string | undefined; limit: number; state?: NoticeState | undefined; now: Date }) {
  let query = noticeQuery(trx);
  if (filter.afterId) query = query.where('n.id', '>', filter.afterId);
  const { now } = filter;
  if (filter.state === 'scheduled') query = query.where('n.publish_at', '>', now);
  if (filter.state === 'live') query = query.where('n.publish_at', '<=', now).where((eb) => eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]));
  if (filter.state === 'expired') query = query.where('n.expires_at', '<=', now);
  return query.orderBy('n.id').limit(filter.limit + 1).execute();
}

export async function targetsOfNotices(trx: Tx, noticeIds: readonly string[]) {
  if (noticeIds.length === 0) return [];
  return trx.selectFrom('notice_targets').select(['notice_id', 'building_id', 'premise_id']).where('notice_id', 'in', noticeIds).execute();
}

/** Attachments with their hashes, to tell a resent file from a new one. */
export async function attachmentFingerprints(trx: Tx, noticeId: string) {
  return trx
    .selectFrom('notice_attachments as a')
    .innerJoin('stored_files as f', 'f.id', 'a.file_id')
    .select(['f.id', 'f.file_name', 'f.sha256'])
    .where('a.notice_id', '=', noticeId)
    .orderBy('f.file_name')
    .orderBy('f.sha256')
    .execute();
}

export async function setNoticeExternalRef(trx: Tx, noticeId: string, externalRef: string): Promise<void> {
  await trx.updateTable('notices').set({ external_ref: externalRef }).where('id', '=', noticeId).execute();
}

export async function updateNotice(
  trx: Tx,
  noticeId: string,
  notice: { title: string; body: string; kind: NoticeKind; audience: NoticeAudience; publishAt: Date; expiresAt: Date | null; translations: NoticeTranslations },
): Promise<void> {
  await trx
    .updateTable('notices')
    .set({
      title: notice.title,
      body: notice.body,
      kind: notice.kind,
      audience: notice.audience,
      publish_at: notice.publishAt,
      expires_at: notice.expiresAt,
      translations: JSON.stringify(notice.translations),
    })
    .where('id', '=', noticeId)
    .execute();
}

export async function replaceNoticeTargets(trx: Tx, tenantId: string, noticeId: string, buildingIds: readonly string[], premiseIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('notice_targets').where('notice_id', '=', noticeId).execute();
  const targets = [
    ...buildingIds.map((buildingId) => ({ tenant_id: tenantId, notice_id: noticeId, building_id: buildingId, premise_id: null })),
    ...premiseIds.map((premiseId) => ({ tenant_id: tenantId, notice_id: noticeId, building_id: null, premise_id: premiseId })),
  ];
  if (targets.length > 0) await trx.insertInto('notice_targets').values(targets).execute();
}

/** Drops the notice's attachments and their stored files, which nothing else holds. */
export async function removeNoticeAttachments(trx: Tx, files: FileChanges, noticeId: string): Promise<void> {
  const attached = await trx.selectFrom('notice_attachments').select('file_id').where('notice_id', '=', noticeId).execute();
  await trx.deleteFrom('notice_attachments').where('notice_id', '=', noticeId).execute();
  await deleteStoredFiles(trx, files, attached.map((f) => f.file_id));
}

/** Deletes the notice with its targets, read receipts, attachments and their files. */
export async function deleteNotice(trx: Tx, files: FileChanges, noticeId: string): Promise<void> {
  await removeNoticeAttachments(trx, files, noticeId);
  await trx.deleteFrom('notices').where('id', '=', noticeId).execute();
}

export async function endNotice(trx: Tx, noticeId: string, at: Date): Promise<void> {
  await trx.updateTable('notices').set({ expires_at: at }).where('id', '=', noticeId).execute();
}

/** The residents who opened a notice, first readers first (the primary key finds them by notice). */
export function readersOfNotice(trx: Tx, noticeId: string) {
  return trx
    .selectFrom('notice_reads as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.name', 'u.email', 'r.read_at'])
    .where('r.notice_id', '=', noticeId)
    .orderBy('r.read_at')
    .orderBy('u.id')
    .execute();
}
