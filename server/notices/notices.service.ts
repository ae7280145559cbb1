/**
 * @module
 * Publishing a notice as the manager. The management API of a later issue will call this; for now
 * the demo seed and the tests do. Runs inside the caller's tenant transaction.
 */
import type { Tx } from '../db/database.ts';
import { unprocessable, validationFailed } from '../errors.ts';
import { storeFile } from '../files/stored-files.repository.ts';
import { checkUpload } from '../files/upload-policy.ts';
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
  attachments?: { fileName: string; content: Uint8Array }[];
}

export async function publishNotice(trx: Tx, tenantId: string, input: PublishNoticeInput, now: Date): Promise<{ id: string }> {
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

  const files = (input.attachments ?? []).map((file) => {
    const decision = checkUpload({ fileName: file.fileName, size: file.content.byteLength, head: file.content.subarray(0, 16), maxBytes: MAX_NOTICE_ATTACHMENT_BYTES });
    if (!decision.ok) throw unprocessable(decision.code, `Attachment ${file.fileName} refused: ${decision.code}.`, { file: decision.code });
    return { fileName: decision.fileName, contentType: decision.contentType, content: file.content };
  });

  const id = await insertNotice(trx, tenantId, { ...draft, createdAt: now });
  for (const file of files) {
    const stored = await storeFile(trx, tenantId, { ...file, now });
    await attachToNotice(trx, tenantId, id, stored.id);
  }
  return { id };
}
