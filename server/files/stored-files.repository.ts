/**
 * @module
 * The metadata of stored files (notice attachments, building documents, thread attachments,
 * invoice PDFs): one row each, whatever store holds the bytes (file-store.ts). Lists select the
 * metadata only; the bytes are read through the store when one file is downloaded.
 */
import type { Db, Tx } from '../db/database.ts';
import type { FileDriver } from '../db/types.ts';

export interface FileSummary {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface FileRow extends FileSummary {
  sha256: string;
  storage: FileDriver;
  objectKey: string;
}

export interface NewFileRow extends FileRow {
  tenantId: string;
  uploadedBy: string | null;
  createdAt?: Date;
}

export async function insertFileRow(trx: Tx, file: NewFileRow): Promise<void> {
  await trx
    .insertInto('stored_files')
    .values({
      id: file.id,
      tenant_id: file.tenantId,
      file_name: file.fileName,
      content_type: file.contentType,
      size_bytes: file.sizeBytes,
      sha256: file.sha256,
      storage: file.storage,
      object_key: file.objectKey,
      uploaded_by: file.uploadedBy,
      ...(file.createdAt ? { created_at: file.createdAt } : {}),
    })
    .execute();
}

export async function findFileRow(trx: Db, fileId: string): Promise<FileRow | undefined> {
  const row = await trx
    .selectFrom('stored_files')
    .select(['id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'storage', 'object_key'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      fileName: row.file_name,
      contentType: row.content_type,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      storage: row.storage,
      objectKey: row.object_key,
    }
  );
}

/** Deletes the rows; answers where their bytes were, for the store to delete once the change commits. */
export async function deleteFileRows(trx: Tx, fileIds: readonly string[]): Promise<Array<{ storage: FileDriver; key: string }>> {
  if (fileIds.length === 0) return [];
  const rows = await trx.deleteFrom('stored_files').where('id', 'in', [...new Set(fileIds)]).returning(['storage', 'object_key']).execute();
  return rows.map((r) => ({ storage: r.storage, key: r.object_key }));
}

export async function fileSummaries(trx: Tx, fileIds: readonly string[]): Promise<Map<string, FileSummary>> {
  if (fileIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('stored_files')
    .select(['id', 'file_name', 'content_type', 'size_bytes'])
    .where('id', 'in', [...new Set(fileIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, fileName: r.file_name, contentType: r.content_type, sizeBytes: r.size_bytes }]));
}
