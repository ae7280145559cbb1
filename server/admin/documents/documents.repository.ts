/**
 * @module
 * The building documents as the manager sees them: published or not yet, found by id or by the
 * manager's externalRef, with the building's ref and the file's metadata (never its bytes, except
 * for a download). Publishing itself is the resident side's (documents/documents.service.ts).
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import { deleteStoredFiles, type FileChanges } from '../../files/stored-files.ts';
import type { DocumentCategory } from '../../db/types.ts';
import { isUuid } from '../../http/ids.ts';

const documentQuery = (trx: Tx) =>
  trx
    .selectFrom('documents as d')
    .innerJoin('stored_files as f', 'f.id', 'd.file_id')
    .innerJoin('buildings as b', 'b.id', 'd.building_id')
    .select([
      'd.id',
      'd.external_ref',
      'd.building_id',
      'b.external_ref as building_ref',
      'd.category',
      'd.title',
      'd.document_date',
      'd.period',
      'd.requires_strong_auth',
      'd.publish_at',
      'd.created_at',
      'd.file_id',
      'f.file_name',
      'f.content_type',
      'f.size_bytes',
      'f.sha256',
    ]);

export type AdminDocumentRow = NonNullable<Awaited<ReturnType<typeof findDocumentByKey>>>;

/** By id when the key is a UUID, else (or then) by externalRef. */
export async function findDocumentByKey(trx: Tx, key: string) {
  return documentQuery(trx)
    .where((eb) => (isUuid(key) ? eb.or([eb('d.id', '=', key.toLowerCase()), eb('d.external_ref', '=', key)]) : eb('d.external_ref', '=', key)))
    .orderBy(sql`(d.id::text = ${key.toLowerCase()})`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function documentsPage(trx: Tx, filter: { afterId?: string | undefined; limit: number; buildingId?: string | undefined; category?: DocumentCategory | undefined }) {
  let query = documentQuery(trx);
  if (filter.afterId) query = query.where('d.id', '>', filter.afterId);
  if (filter.buildingId) query = query.where('d.building_id', '=', filter.buildingId);
  if (filter.category) query = query.where('d.category', '=', filter.category);
  return query.orderBy('d.id').limit(filter.limit + 1).execute();
}

export async function setDocumentExternalRef(trx: Tx, documentId: string, externalRef: string): Promise<void> {
  await trx.updateTable('documents').set({ external_ref: externalRef }).where('id', '=', documentId).execute();
}

export async function updateDocument(
  trx: Tx,
  documentId: string,
  document: { buildingId: string; category: DocumentCategory; title: string; date: string; period: string | null; requiresStrongAuth: boolean; publishAt: Date },
): Promise<void> {
  await trx
    .updateTable('documents')
    .set({
      building_id: document.buildingId,
      category: document.category,
      title: document.title,
      document_date: document.date,
      period: document.period,
      requires_strong_auth: document.requiresStrongAuth,
      publish_at: document.publishAt,
    })
    .where('id', '=', documentId)
    .execute();
}

/** Points the document at its new file and drops the old one, which nothing else holds. */
export async function replaceDocumentFile(trx: Tx, files: FileChanges, documentId: string, oldFileId: string, newFileId: string): Promise<void> {
  await trx.updateTable('documents').set({ file_id: newFileId }).where('id', '=', documentId).execute();
  await deleteStoredFiles(trx, files, [oldFileId]);
}

/** Deletes the document, its file's row and (once the change commits) its object. */
export async function deleteDocument(trx: Tx, files: FileChanges, document: { id: string; fileId: string }): Promise<void> {
  await trx.deleteFrom('documents').where('id', '=', document.id).execute();
  await deleteStoredFiles(trx, files, [document.fileId]);
}
