/**
 * @module
 * Publishing a notice as the manager. The management API of a later issue will call this; for now
 * the demo seed and the tests do. Runs inside the caller's tenant transaction.
 */
import type { Tx } from '../db/database.ts';
import type { NoticeTranslations } from './notice-rules.ts';
import { unprocessable, validationFailed } from '../errors.ts';
import { storeFile, type FileChanges } from '../files/stored-files.ts';
import { fileToStore, type FileInput } from '../files/upload.ts';
import { checkNoticeDraft, type NoticeAudience, type NoticeKind } from './notice-rules.ts';
import { attachToNotice, insertNotice } from './notices.repository.ts';

/** Managers attach scanned schedules and plans; a little more room than residents get. */
const MAX_NOTICE_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export interface PublishNoticeInput {
  title: string;
  body: string;
  kind?: NoticeKind;
  audience?: NoticeAudience;
  buildingIds?: string[];
  premiseIds?: string[];
  /** Defaults to now. */
  publishAt?: Date;
  expiresAt?: Date | null;
  attachments?: FileInput[];
  /** The Russian and English versions (title and body are Latvian). */
  translations?: NoticeTranslations;
  /** Who published it, for the files' rows ('api_key:<id>', 'staff:<id>'). */
  uploadedBy?: string | null;
}

export async function publishNotice(trx: Tx, files: FileChanges, tenantId: string, input: PublishNoticeInput, now: Date): Promise<{ id: string }> {
  const draft = {
    title: input.title.trim(),
    body: input.body,
    kind: input.kind ?? 'normal',
    audience: input.audience ?? 'tenant',
    buildingIds: input.buildingIds ?? [],
    premiseIds: input.premiseIds ?? [],
    publishAt: input.publishAt ?? now,
    expiresAt: input.expiresAt ?? null,
  };
  const fields = checkNoticeDraft(draft);
  if (Object.keys(fields).length > 0) throw validationFailed(fields);

  const attachments = (input.attachments ?? []).map((file) =>
    fileToStore(file, MAX_NOTICE_ATTACHMENT_BYTES, (code) => unprocessable(code, `Attachment ${file.fileName} refused: ${code}.`, { file: code })),
  );

  const id = await insertNotice(trx, tenantId, { ...draft, createdAt: now, translations: input.translations ?? {} });
  for (const file of attachments) {
    const stored = await storeFile(trx, files, tenantId, { ...file, uploadedBy: input.uploadedBy ?? null, now });
    await attachToNotice(trx, tenantId, id, stored.id);
  }
  return { id };
}
