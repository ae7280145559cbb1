/**
 * @module
 * The manager's rulebook for notices ("Paziņojumi"), free of HTTP and SQL:
 * - a notice is addressed to the whole tenant, to some buildings, or to some premises, and
 *   reaches a premise accordingly;
 * - it shows from its publish time until its expiry (if it has one); after that it is gone;
 * - urgent notices (water off, emergency works) must expire, and while they show they are pinned
 *   above everything else;
 * - the feed lists pinned ones first, then the newest first.
 * The SQL in notices.repository.ts filters by the same rules for the list; these functions decide
 * single notices (reading, downloading) and validate what a manager publishes.
 */

export type NoticeKind = 'normal' | 'urgent';
export type NoticeAudience = 'tenant' | 'buildings' | 'premises';

export interface NoticeTiming {
  kind: NoticeKind;
  publishAt: Date;
  expiresAt: Date | null;
}

export interface NoticeAddress {
  audience: NoticeAudience;
  buildingIds: readonly string[];
  premiseIds: readonly string[];
}

export interface PremiseLocation {
  id: string;
  buildingId: string;
}

export const NOTICE_LIMITS = { title: 200, body: 20_000, targets: 500 } as const;

export function isNoticeLive(notice: Pick<NoticeTiming, 'publishAt' | 'expiresAt'>, now: Date): boolean {
  return notice.publishAt.getTime() <= now.getTime() && (notice.expiresAt === null || notice.expiresAt.getTime() > now.getTime());
}

export function isPinned(notice: NoticeTiming, now: Date): boolean {
  return notice.kind === 'urgent' && isNoticeLive(notice, now);
}

export function noticeReaches(notice: NoticeAddress, premise: PremiseLocation): boolean {
  if (notice.audience === 'tenant') return true;
  if (notice.audience === 'buildings') return notice.buildingIds.includes(premise.buildingId);
  return notice.premiseIds.includes(premise.id);
}

/** Pinned first, then newest first; ties by id so the order is stable. */
export function compareForFeed(a: NoticeTiming & { id: string }, b: NoticeTiming & { id: string }, now: Date): number {
  const pinned = Number(isPinned(b, now)) - Number(isPinned(a, now));
  if (pinned !== 0) return pinned;
  const newer = b.publishAt.getTime() - a.publishAt.getTime();
  if (newer !== 0) return newer;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface NoticeDraft extends NoticeTiming, NoticeAddress {
  title: string;
  body: string;
}

/** Field errors for a notice a manager wants to publish; empty when it may be published. */
export function checkNoticeDraft(draft: NoticeDraft): Record<string, string> {
  const fields: Record<string, string> = {};
  const title = draft.title.trim();
  if (!title) fields.title = 'required';
  else if (title.length > NOTICE_LIMITS.title) fields.title = 'too_long';
  if (!draft.body.trim()) fields.body = 'required';
  else if (draft.body.length > NOTICE_LIMITS.body) fields.body = 'too_long';
  if (draft.kind === 'urgent' && !draft.expiresAt) fields.expiresAt = 'urgent_needs_expiry';
  if (draft.expiresAt && draft.expiresAt.getTime() <= draft.publishAt.getTime()) fields.expiresAt = 'expiry_before_publish';
  if (draft.audience === 'buildings' && draft.buildingIds.length === 0) fields.buildingIds = 'required';
  if (draft.audience === 'premises' && draft.premiseIds.length === 0) fields.premiseIds = 'required';
  if (draft.audience !== 'buildings' && draft.buildingIds.length > 0) fields.buildingIds = 'not_for_this_audience';
  if (draft.audience !== 'premises' && draft.premiseIds.length > 0) fields.premiseIds = 'not_for_this_audience';
  if (draft.buildingIds.length + draft.premiseIds.length > NOTICE_LIMITS.targets) fields.audience = 'too_many_targets';
  return fields;
}

export type NoticeLanguage = 'lv' | 'en' | 'ru';
/** A notice's Russian and English versions; its own title and body are Latvian. */
export type NoticeTranslations = Partial<Record<'en' | 'ru', { title: string; body: string }>>;

/** Field errors (`translations.ru.title`, …) for the other languages' versions: each needs its title and its body. */
export function checkNoticeTranslations(translations: NoticeTranslations): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const language of ['ru', 'en'] as const) {
    const version = translations[language];
    if (!version) continue;
    const title = version.title.trim();
    if (!title) fields[`translations.${language}.title`] = 'required';
    else if (title.length > NOTICE_LIMITS.title) fields[`translations.${language}.title`] = 'too_long';
    if (!version.body.trim()) fields[`translations.${language}.body`] = 'required';
    else if (version.body.length > NOTICE_LIMITS.body) fields[`translations.${language}.body`] = 'too_long';
  }
  return fields;
}

/** The title and body in `language`: its version when the notice has one, else the Latvian text. */
export function noticeText(notice: { title: string; body: string; translations: NoticeTranslations | null | undefined }, language: NoticeLanguage) {
  const version = language === 'lv' ? undefined : notice.translations?.[language];
  return version ? { title: version.title, body: version.body, language } : { title: notice.title, body: notice.body, language: 'lv' as const };
}
