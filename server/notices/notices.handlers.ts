/**
 * @module
 * The handlers of the notice routes. A notice the caller cannot see (another tenant's, not
 * addressed to any of the caller's premises, not yet published, expired, or no notice at all)
 * answers 404 alike.
 */
import type { AppDeps } from '../deps.ts';
import { requireAccess, withResident, type ResidentScope } from '../auth/resident.ts';
import { notFound } from '../errors.ts';
import { fileDownload } from '../files/download.ts';
import { openStoredFile } from '../files/stored-files.ts';
import { createRouter } from '../http/context.ts';
import { isUuid } from '../http/ids.ts';
import { decide } from '../rights/rights.ts';
import { requestLanguage } from '../http/language.ts';
import { isNoticeLive, isPinned, noticeReaches, noticeText } from './notice-rules.ts';
import { attachmentsOfNotices, findNoticeWithAddress, isNoticeAttachment, liveNoticesForPremise, markNoticeRead, premiseLocations } from './notices.repository.ts';
import { listNoticesRoute, markNoticeReadRoute, noticeAttachmentRoute } from './notices.routes.ts';

/** The notice, when it is live and reaches a premise on which the caller may read notices. */
async function reachableNotice({ trx, resident, now }: ResidentScope, noticeId: string) {
  if (!isUuid(noticeId)) throw notFound();
  const notice = await findNoticeWithAddress(trx, noticeId);
  if (!notice || !isNoticeLive(notice, now)) throw notFound();
  const visible = [...resident.grants.values()].filter((g) => decide(g, 'notices.view') === 'allow').map((g) => g.premiseId);
  const premises = await premiseLocations(trx, visible);
  if (!premises.some((premise) => noticeReaches(notice, premise))) throw notFound();
  return notice;
}

export function noticesRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listNoticesRoute, async (c) => {
    const premiseId = c.req.valid('query').premise;
    const language = requestLanguage(c, 'lv');
    const body = await withResident(deps, c, async ({ trx, resident, now }) => {
      requireAccess(resident, premiseId, 'notices.view');
      const [premise] = await premiseLocations(trx, [premiseId]);
      if (!premise) throw notFound();
      const rows = await liveNoticesForPremise(trx, { premise, userId: resident.userId, now });
      const attachments = await attachmentsOfNotices(trx, rows.map((r) => r.id));
      const notices = rows.map((row) => ({
        id: row.id,
        ...noticeText(row, language),
        kind: row.kind,
        pinned: isPinned({ kind: row.kind, publishAt: row.publish_at, expiresAt: row.expires_at }, now),
        publishAt: row.publish_at.toISOString(),
        expiresAt: row.expires_at?.toISOString() ?? null,
        read: row.read_at !== null,
        readAt: row.read_at?.toISOString() ?? null,
        attachments: attachments.get(row.id) ?? [],
      }));
      return { notices, unreadCount: notices.filter((n) => !n.read).length };
    });
    return c.json(body, 200);
  });

  router.openapi(markNoticeReadRoute, async (c) => {
    const { noticeId } = c.req.valid('param');
    await withResident(deps, c, async (scope) => {
      const notice = await reachableNotice(scope, noticeId);
      await markNoticeRead(scope.trx, scope.tenantId, notice.id, scope.resident.userId, scope.now);
    });
    return c.body(null, 204);
  });

  router.openapi(noticeAttachmentRoute, async (c) => {
    const { noticeId, fileId } = c.req.valid('param');
    const file = await withResident(deps, c, async (scope) => {
      const notice = await reachableNotice(scope, noticeId);
      if (!isUuid(fileId) || !(await isNoticeAttachment(scope.trx, notice.id, fileId))) throw notFound();
      const stored = await openStoredFile(scope.trx, deps.files, fileId, c.req.header('range'));
      if (!stored) throw notFound();
      return stored;
    });
    return fileDownload(c, file);
  });

  return router;
}
