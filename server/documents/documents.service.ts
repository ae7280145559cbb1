/**
 * @module
 * Publishing a building document as the manager. The management API of a later issue will call
 * this; for now the demo seed and the tests do. Runs inside the caller's tenant transaction.
 */
import type { Tx } from '../db/database.ts';
import type { DocumentCategory } from '../db/types.ts';
import { unprocessable, validationFailed } from '../errors.ts';
import { storeFile, type FileChanges } from '../files/stored-files.ts';
import { fileToStore, type FileInput } from '../files/upload.ts';
import { DOCUMENT_CATEGORIES, DOCUMENT_PERIOD } from './document-rules.ts';
import { insertDocument } from './documents.repository.ts';

/** Scanned protocols with signatures can be large. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export interface PublishDocumentInput {
  buildingId: string;
  category: DocumentCategory;
  title: string;
  /** 'YYYY-MM-DD' */
  date: string;
  period?: string | null;
  requiresStrongAuth?: boolean;
  publishAt?: Date;
  file: FileInput;
  /** Who published it, for the file's row ('api_key:<id>', 'staff:<id>'). */
  uploadedBy?: string | null;
}

/** Field errors of a document's description (title, category, date, period); empty when fine. */
export function checkDocumentFields(input: Pick<PublishDocumentInput, 'title' | 'category' | 'date' | 'period'>): Record<string, string> {
  const fields: Record<string, string> = {};
  const title = input.title.trim();
  if (!title) fields.title = 'required';
  else if (title.length > 300) fields.title = 'too_long';
  if (!DOCUMENT_CATEGORIES.includes(input.category)) fields.category = 'invalid_value';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) fields.date = 'invalid_format';
  if (input.period && !DOCUMENT_PERIOD.test(input.period)) fields.period = 'invalid_format';
  return fields;
}

export async function publishDocument(trx: Tx, files: FileChanges, tenantId: string, input: PublishDocumentInput, now: Date): Promise<{ id: string; fileId: string }> {
  const fields = checkDocumentFields(input);
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  const title = input.title.trim();

  const file = fileToStore(input.file, MAX_DOCUMENT_BYTES, (code) => unprocessable(code, `The document's file was refused: ${code}.`, { file: code }));
  const stored = await storeFile(trx, files, tenantId, { ...file, uploadedBy: input.uploadedBy ?? null, now });
  const id = await insertDocument(trx, tenantId, {
    buildingId: input.buildingId,
    category: input.category,
    title,
    date: input.date,
    period: input.period ?? null,
    fileId: stored.id,
    requiresStrongAuth: input.requiresStrongAuth ?? false,
    publishAt: input.publishAt ?? now,
    createdAt: now,
  });
  return { id, fileId: stored.id };
}
