/**
 * @module
 * The handlers of the manager's notices (contract in notices.routes.ts). Creating goes through the
 * resident side's publishNotice, and every draft through its checkNoticeDraft, so a notice the
 * manager writes here obeys the very rules the feed is built on.
 */
import type { AppDeps } from '../../deps.ts';
import type { Tx } from '../../db/database.ts';
import { ApiError, conflict, notFound, validationFailed } from '../../errors.ts';
import { fileDownload } from '../../files/download.ts';
import { openStoredFile, storeFile } from '../../files/stored-files.ts';
import type { AcceptedUpload } from '../../files/upload.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { checkNoticeDraft, checkNoticeTranslations, isNoticeLive, type NoticeDraft, type NoticeTranslations } from '../../notices/notice-rules.ts';
import { attachmentsOfNotices, attachToNotice, isNoticeAttachment } from '../../notices/notices.repository.ts';
import { publishNotice } from '../../notices/notices.service.ts';
import { withAdmin, type AdminScope } from '../admin-caller.ts';
import { acceptFiles, filesOf, jsonPart } from '../admin-form.ts';
import { isExternalRef } from '../ref-param.ts';
import { afterId, toPage } from '../pagination.ts';
import { buildingsByIds, buildingsByRefs, lockExternalRef, premisesByIds, premisesByRefs } from '../refs.repository.ts';
import {
  attachmentFingerprints,
  deleteNotice,
  endNotice,
  findNoticeByKey,
  noticesPage,
  readersOfNotice,
  removeNoticeAttachments,
  replaceNoticeTargets,
  setNoticeExternalRef,
  targetsOfNotices,
  updateNotice,
  type AdminNoticeRow,
} from './notices.repository.ts';
import {
  createNoticeRoute,
  deleteNoticeRoute,
  getNoticeRoute,
  listNoticesRoute,
  NOTICE_ATTACHMENTS,
  noticeAttachmentRoute,
  NoticeInput,
  noticeReadersRoute,
  putNoticeRoute,
  withdrawNoticeRoute,
} from './notices.routes.ts';

type Input = Awaited<ReturnType<typeof readNoticeForm>>['input'];

function stateOf(row: Pick<AdminNoticeRow, 'publish_at' | 'expires_at'>, now: Date) {
  if (isNoticeLive({ publishAt: row.publish_at, expiresAt: row.expires_at }, now)) return 'live' as const;
  return row.publish_at.getTime() > now.getTime() ? ('scheduled' as const) : ('expired' as const);
}

async function noticeViews(trx: Tx, rows: readonly AdminNoticeRow[], now: Date) {
  const ids = rows.map((r) => r.id);
  const targets = await targetsOfNotices(trx, ids);
  const buildings = await buildingsByIds(trx, targets.flatMap((t) => (t.building_id ? [t.building_id] : [])));
  const premises = await premisesByIds(trx, targets.flatMap((t) => (t.premise_id ? [t.premise_id] : [])));
  const attachments = await attachmentsOfNotices(trx, ids);
  return rows.map((row) => {
    const mine = targets.filter((t) => t.notice_id === row.id);
    return {
      id: row.id,
      externalRef: row.external_ref,
      title: row.title,
      body: row.body,
      translations: row.translations ?? {},
      kind: row.kind,
      audience: row.audience,
      buildings: mine.flatMap((t) => (t.building_id ? [{ id: t.building_id, externalRef: buildings.get(t.building_id)?.externalRef ?? null }] : [])),
      premises: mine.flatMap((t) => {
        const premise = t.premise_id ? premises.get(t.premise_id) : undefined;
        return premise ? [{ id: premise.id, externalRef: premise.externalRef, label: premise.label }] : [];
      }),
      publishAt: row.publish_at.toISOString(),
      expiresAt: row.expires_at?.toISOString() ?? null,
      state: stateOf(row, now),
      readCount: Number(row.read_count ?? 0),
      attachments: attachments.get(row.id) ?? [],
      createdAt: row.created_at.toISOString(),
    };
  });
}

async function noticeView(trx: Tx, id: string, now: Date) {
  const row = await findNoticeByKey(trx, id);
  if (!row) throw notFound();
  return (await noticeViews(trx, [row], now))[0]!;
}

async function noticeOf(trx: Tx, key: string): Promise<AdminNoticeRow> {
  const row = isExternalRef(key) ? await findNoticeByKey(trx, key) : undefined;
  if (!row) throw notFound();
  return row;
}

async function readNoticeForm(form: Record<string, unknown>) {
  const input = await jsonPart(form, 'notice', NoticeInput);
  const files = await acceptFiles(filesOf(form, 'attachments', NOTICE_ATTACHMENTS.maxFiles), NOTICE_ATTACHMENTS.maxTotalBytes);
  return { input, files };
}

const RENAMED: Record<string, string> = { buildingIds: 'buildingRefs', premiseIds: 'premiseRefs' };

/** The draft as the notice rules see it, refs still standing in for ids; 400 when it may not be published. */
function draftOf(input: Input, existing: AdminNoticeRow | undefined, now: Date): NoticeDraft {
  const draft: NoticeDraft = {
    title: input.title.trim(),
    body: input.body,
    kind: input.kind,
    audience: input.audience,
    buildingIds: input.buildingRefs,
    premiseIds: input.premiseRefs,
    publishAt: input.publishAt ? new Date(input.publishAt) : (existing?.publish_at ?? now),
    expiresAt: input.expiresAt === undefined ? (existing?.expires_at ?? null) : input.expiresAt === null ? null : new Date(input.expiresAt),
  };
  const fields = { ...checkNoticeDraft(draft), ...checkNoticeTranslations(input.translations) };
  if (Object.keys(fields).length > 0) throw validationFailed(Object.fromEntries(Object.entries(fields).map(([k, v]) => [RENAMED[k] ?? k, v])));
  return draft;
}

/** The other languages' versions as stored: titles trimmed, in a fixed key order (so an unchanged PUT compares equal). */
function translationsOf(input: Input): NoticeTranslations {
  const out: NoticeTranslations = {};
  for (const language of ['en', 'ru'] as const) {
    const version = input.translations[language];
    if (version) out[language] = { title: version.title.trim(), body: version.body };
  }
  return out;
}

/** The ids behind the refs; 404 naming each ref that is not this tenant's. */
async function resolveTargets(trx: Tx, input: Input) {
  const buildings = await buildingsByRefs(trx, input.buildingRefs);
  const premises = await premisesByRefs(trx, input.premiseRefs);
  const missing: Record<string, string> = {};
  input.buildingRefs.forEach((ref, i) => buildings.has(ref) || (missing[`buildingRefs.${i}`] = 'not_found'));
  input.premiseRefs.forEach((ref, i) => premises.has(ref) || (missing[`premiseRefs.${i}`] = 'not_found'));
  if (Object.keys(missing).length > 0) throw new ApiError(404, 'not_found', 'Some targets are not there.', missing);
  return { buildingIds: [...new Set(input.buildingRefs.map((r) => buildings.get(r)!.id))], premiseIds: [...new Set(input.premiseRefs.map((r) => premises.get(r)!.id))] };
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const sortedKey = (values: readonly string[]) => [...values].sort().join(',');

async function createNotice(scope: AdminScope, input: Input, files: AcceptedUpload[], externalRef: string | undefined) {
  const { trx, tenantId, now, audit, uploadedBy } = scope;
  const draft = draftOf(input, undefined, now);
  const targets = await resolveTargets(trx, input);
  const { id } = await publishNotice(trx, scope.files, tenantId, { ...draft, ...targets, attachments: files, uploadedBy, translations: translationsOf(input) }, now);
  if (externalRef) await setNoticeExternalRef(trx, id, externalRef);
  await audit('admin.notice.created', { type: 'notice', id }, { externalRef: externalRef ?? null, audience: draft.audience, kind: draft.kind, attachments: files.length, languages: ['lv', ...Object.keys(translationsOf(input))] });
  return { item: await noticeView(trx, id, now), result: 'created' as const };
}

async function replaceNotice(scope: AdminScope, existing: AdminNoticeRow, input: Input, files: AcceptedUpload[]) {
  const { trx, tenantId, now, audit } = scope;
  const draft = draftOf(input, existing, now);
  const targets = await resolveTargets(trx, input);
  const oldTargets = await targetsOfNotices(trx, [existing.id]);
  const oldFiles = await attachmentFingerprints(trx, existing.id);
  const newFiles = await Promise.all(files.map(async (f) => `${f.fileName}:${f.body.sha256}`));
  const sameTargets =
    sortedKey(oldTargets.flatMap((t) => (t.building_id ? [t.building_id] : []))) === sortedKey(targets.buildingIds) &&
    sortedKey(oldTargets.flatMap((t) => (t.premise_id ? [t.premise_id] : []))) === sortedKey(targets.premiseIds);
  const attachmentsChange = files.length > 0 ? sortedKey(newFiles) !== sortedKey(oldFiles.map((f) => `${f.file_name}:${f.sha256}`)) : input.clearAttachments && oldFiles.length > 0;
  const sameFields =
    existing.title === draft.title &&
    existing.body === draft.body &&
    existing.kind === draft.kind &&
    existing.audience === draft.audience &&
    sameTime(existing.publish_at, draft.publishAt) &&
    sameTime(existing.expires_at, draft.expiresAt) &&
    JSON.stringify(translationsOf(input)) === JSON.stringify(translationsOf({ ...input, translations: existing.translations ?? {} }));
  if (sameFields && sameTargets && !attachmentsChange) return { item: await noticeView(trx, existing.id, now), result: 'unchanged' as const };

  await updateNotice(trx, existing.id, { ...draft, translations: translationsOf(input) });
  if (!sameTargets) await replaceNoticeTargets(trx, tenantId, existing.id, targets.buildingIds, targets.premiseIds);
  if (attachmentsChange) {
    await removeNoticeAttachments(trx, scope.files, existing.id);
    for (const file of files) await attachToNotice(trx, tenantId, existing.id, (await storeFile(trx, scope.files, tenantId, { ...file, uploadedBy: scope.uploadedBy, now })).id);
  }
  await audit('admin.notice.updated', { type: 'notice', id: existing.id }, { externalRef: existing.external_ref, audience: draft.audience, kind: draft.kind, attachmentsReplaced: !!attachmentsChange });
  return { item: await noticeView(trx, existing.id, now), result: 'updated' as const };
}

export function adminNoticesRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listNoticesRoute, async (c) => {
    const query = c.req.valid('query');
    const after = afterId(query.cursor);
    const page = await withAdmin(deps, c, async ({ trx, now }) => {
      const rows = await noticesPage(trx, { afterId: after, limit: query.limit, state: query.state, now });
      const views = new Map((await noticeViews(trx, rows.slice(0, query.limit), now)).map((v) => [v.id, v]));
      return toPage(rows, query.limit, (row) => views.get(row.id)!);
    });
    return c.json(page, 200);
  });

  router.openapi(noticeReadersRoute, async (c) => {
    const { notice } = c.req.valid('param');
    const items = await withAdmin(deps, c, async ({ trx }) =>
      (await readersOfNotice(trx, (await noticeOf(trx, notice)).id)).map((r) => ({ userId: r.id, name: r.name, email: r.email, readAt: r.read_at.toISOString() })),
    );
    return c.json({ items }, 200);
  });

  router.openapi(getNoticeRoute, async (c) => {
    const { notice } = c.req.valid('param');
    const item = await withAdmin(deps, c, async ({ trx, now }) => (await noticeViews(trx, [await noticeOf(trx, notice)], now))[0]!);
    return c.json({ item }, 200);
  });

  router.openapi(createNoticeRoute, async (c) => {
    const { input, files } = await readNoticeForm(c.req.valid('form') as Record<string, unknown>);
    const answer = await withAdmin(deps, c, async (scope) => {
      if (input.externalRef) {
        await lockExternalRef(scope.trx, 'notice', input.externalRef);
        if (await findNoticeByKey(scope.trx, input.externalRef)) {
          throw conflict('external_ref_taken', 'A notice with this externalRef exists; PUT /notices/{externalRef} replaces it.', { externalRef: 'taken' });
        }
      }
      return createNotice(scope, input, files, input.externalRef);
    });
    return c.json(answer, 201);
  });

  router.openapi(putNoticeRoute, async (c) => {
    const { notice } = c.req.valid('param');
    if (!isExternalRef(notice)) throw validationFailed({ notice: 'invalid_external_ref' });
    const { input, files } = await readNoticeForm(c.req.valid('form') as Record<string, unknown>);
    if (input.externalRef !== undefined && input.externalRef !== notice) throw validationFailed({ externalRef: 'differs_from_path' });
    const answer = await withAdmin(deps, c, async (scope) => {
      await lockExternalRef(scope.trx, 'notice', notice);
      const existing = await findNoticeByKey(scope.trx, notice);
      return existing ? replaceNotice(scope, existing, input, files) : createNotice(scope, input, files, notice);
    });
    return c.json(answer, answer.result === 'created' ? 201 : 200);
  });

  router.openapi(withdrawNoticeRoute, async (c) => {
    const { notice } = c.req.valid('param');
    const answer = await withAdmin(deps, c, async ({ trx, now, audit }) => {
      const row = await noticeOf(trx, notice);
      const state = stateOf(row, now);
      if (state === 'scheduled') throw conflict('notice_not_published', 'This notice is not published yet; delete it instead.');
      if (state === 'expired') return { item: await noticeView(trx, row.id, now), result: 'unchanged' as const };
      // The schema wants an expiry after the publish time, even for a notice withdrawn the instant it went out.
      await endNotice(trx, row.id, new Date(Math.max(now.getTime(), row.publish_at.getTime() + 1)));
      await audit('admin.notice.withdrawn', { type: 'notice', id: row.id }, { externalRef: row.external_ref });
      return { item: await noticeView(trx, row.id, now), result: 'updated' as const };
    });
    return c.json(answer, 200);
  });

  router.openapi(deleteNoticeRoute, async (c) => {
    const { notice } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, audit, files }) => {
      const row = await noticeOf(trx, notice);
      await deleteNotice(trx, files, row.id);
      await audit('admin.notice.deleted', { type: 'notice', id: row.id }, { externalRef: row.external_ref, title: row.title });
    });
    return c.body(null, 204);
  });

  router.openapi(noticeAttachmentRoute, async (c) => {
    const { notice, fileId } = c.req.valid('param');
    const file = await withAdmin(deps, c, async ({ trx }) => {
      const row = await noticeOf(trx, notice);
      const stored = isUuid(fileId) && (await isNoticeAttachment(trx, row.id, fileId)) ? await openStoredFile(trx, deps.files, fileId, c.req.header('range')) : undefined;
      if (!stored) throw notFound();
      return stored;
    });
    return fileDownload(c, file);
  });

  return router;
}
