/**
 * @module
 * Notices, their targets, attachments and per-user read receipts.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { NoticeTranslations } from './notice-rules.ts';
import type { FileSummary } from '../files/stored-files.repository.ts';
import type { NoticeAddress, NoticeAudience, NoticeKind, PremiseLocation } from './notice-rules.ts';

export interface NoticeRow {
  id: string;
  title: string;
  body: string;
  /** The Russian and English versions (0090). */
  translations: NoticeTranslations;
  kind: NoticeKind;
  audience: NoticeAudience;
  publish_at: Date;
  expires_at: Date | null;
  read_at: Date | null;
}

/** At most this many notices in one feed; older ones beyond it are history nobody scrolls to. */
export const FEED_LIMIT = 200;

/**
 * The live notices that reach one premise (the rules of notice-rules.ts, in SQL), pinned urgent
 * ones first and then newest first, with the user's own read time.
 */
export async function liveNoticesForPremise(
  trx: Tx,
  input: { premise: PremiseLocation; userId: string; now: Date; limit?: number },
): Promise<NoticeRow[]> {
  const { premise, userId, now } = input;
  return trx
    .selectFrom('notices as n')
    .leftJoin('notice_reads as r', (join) => join.onRef('r.notice_id', '=', 'n.id').on('r.user_id', '=', userId))
    .select(['n.id', 'n.title', 'n.body', 'n.translations', 'n.kind', 'n.audience', 'n.publish_at', 'n.expires_at', 'r.read_at'])
    .where('n.publish_at', '<=', now)
    .where((eb) => eb.or([eb('n.expires_at', 'is', null), eb('n.expires_at', '>', now)]))
    .where((eb) =>
      eb.or([
        eb('n.audience', '=', 'tenant'),
        eb.exists(
          eb
            .selectFrom('notice_targets as t')
            .select(sql`1`.as('one'))
            .whereRef('t.notice_id', '=', 'n.id')
            .where((inner) =>
              inner.or([
                inner.and([inner('n.audience', '=', 'buildings'), inner('t.building_id', '=', premise.buildingId)]),
                inner.and([inner('n.audience', '=', 'premises'), inner('t.premise_id', '=', premise.id)]),
              ]),
            ),
        ),
      ]),
    )
    .orderBy(sql`(n.kind = 'urgent')`, 'desc')
    .orderBy('n.publish_at', 'desc')
    .orderBy('n.id')
    .limit(input.limit ?? FEED_LIMIT)
    .execute();
}

export async function findNoticeWithAddress(trx: Tx, noticeId: string) {
  const notice = await trx
    .selectFrom('notices')
    .select(['id', 'kind', 'audience', 'publish_at', 'expires_at'])
    .where('id', '=', noticeId)
    .executeTakeFirst();
  if (!notice) return undefined;
  const targets = await trx.selectFrom('notice_targets').select(['building_id', 'premise_id']).where('notice_id', '=', noticeId).execute();
  const address: NoticeAddress = {
    audience: notice.audience,
    buildingIds: targets.flatMap((t) => (t.building_id ? [t.building_id] : [])),
    premiseIds: targets.flatMap((t) => (t.premise_id ? [t.premise_id] : [])),
  };
  return { ...address, id: notice.id, kind: notice.kind, publishAt: notice.publish_at, expiresAt: notice.expires_at };
}

export async function attachmentsOfNotices(trx: Tx, noticeIds: readonly string[]): Promise<Map<string, FileSummary[]>> {
  const byNotice = new Map<string, FileSummary[]>();
  if (noticeIds.length === 0) return byNotice;
  const rows = await trx
    .selectFrom('notice_attachments as a')
    .innerJoin('stored_files as f', 'f.id', 'a.file_id')
    .select(['a.notice_id', 'f.id', 'f.file_name', 'f.content_type', 'f.size_bytes'])
    .where('a.notice_id', 'in', noticeIds)
    .orderBy('f.file_name')
    .execute();
  for (const row of rows) {
    const list = byNotice.get(row.notice_id) ?? [];
    list.push({ id: row.id, fileName: row.file_name, contentType: row.content_type, sizeBytes: row.size_bytes });
    byNotice.set(row.notice_id, list);
  }
  return byNotice;
}

export async function isNoticeAttachment(trx: Tx, noticeId: string, fileId: string): Promise<boolean> {
  const row = await trx.selectFrom('notice_attachments').select('file_id').where('notice_id', '=', noticeId).where('file_id', '=', fileId).executeTakeFirst();
  return !!row;
}

/** Idempotent: the first read time is the one kept. */
export async function markNoticeRead(trx: Tx, tenantId: string, noticeId: string, userId: string, now: Date): Promise<void> {
  await trx
    .insertInto('notice_reads')
    .values({ tenant_id: tenantId, notice_id: noticeId, user_id: userId, read_at: now })
    .onConflict((oc) => oc.columns(['notice_id', 'user_id']).doNothing())
    .execute();
}

/** Where the given premises are (their building), for the targeting rules. */
export async function premiseLocations(trx: Tx, premiseIds: readonly string[]): Promise<PremiseLocation[]> {
  if (premiseIds.length === 0) return [];
  const rows = await trx.selectFrom('premises').select(['id', 'building_id']).where('id', 'in', premiseIds).execute();
  return rows.map((r) => ({ id: r.id, buildingId: r.building_id }));
}

export async function insertNotice(
  trx: Tx,
  tenantId: string,
  notice: { title: string; body: string; kind: NoticeKind; publishAt: Date; expiresAt: Date | null; createdAt: Date; translations?: NoticeTranslations } & NoticeAddress,
): Promise<string> {
  const { id } = await trx
    .insertInto('notices')
    .values({
      tenant_id: tenantId,
      title: notice.title,
      body: notice.body,
      kind: notice.kind,
      audience: notice.audience,
      publish_at: notice.publishAt,
      expires_at: notice.expiresAt,
      created_at: notice.createdAt,
      translations: JSON.stringify(notice.translations ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const targets = [
    ...notice.buildingIds.map((buildingId) => ({ tenant_id: tenantId, notice_id: id, building_id: buildingId, premise_id: null })),
    ...notice.premiseIds.map((premiseId) => ({ tenant_id: tenantId, notice_id: id, building_id: null, premise_id: premiseId })),
  ];
  if (targets.length > 0) await trx.insertInto('notice_targets').values(targets).execute();
  return id;
}

export async function attachToNotice(trx: Tx, tenantId: string, noticeId: string, fileId: string): Promise<void> {
  await trx.insertInto('notice_attachments').values({ tenant_id: tenantId, notice_id: noticeId, file_id: fileId }).execute();
}
