/**
 * @module
 * Stored files (notice attachments, building documents, thread attachments, invoice PDFs): one
 * row each, content in the database so a backup holds everything. Lists select the metadata
 * only; the content is read when one file is downloaded.
 */
import type { Tx } from '../db/database.ts';

export interface FileSummary {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

export interface StoredFile extends FileSummary {
  content: Uint8Array;
}

export async function sha256OfBytes(content: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', content as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Stores a file whose name and type were already decided (see upload-policy.ts). */
export async function storeFile(
  trx: Tx,
  tenantId: string,
  file: { fileName: string; contentType: string; content: Uint8Array; now?: Date },
): Promise<FileSummary> {
  const row = await trx
    .insertInto('stored_files')
    .values({
      tenant_id: tenantId,
      file_name: file.fileName,
      content_type: file.contentType,
      size_bytes: file.content.byteLength,
      sha256: await sha256OfBytes(file.content),
      content: file.content,
      ...(file.now ? { created_at: file.now } : {}),
    })
    .returning(['id', 'file_name', 'content_type', 'size_bytes'])
    .executeTakeFirstOrThrow();
  return { id: row.id, fileName: row.file_name, contentType: row.content_type, sizeBytes: row.size_bytes };
}

export async function findStoredFile(trx: Tx, fileId: string): Promise<StoredFile | undefined> {
  const row = await trx
    .selectFrom('stored_files')
    .select(['id', 'file_name', 'content_type', 'size_bytes', 'content'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  return row && { id: row.id, fileName: row.file_name, contentType: row.content_type, sizeBytes: row.size_bytes, content: row.content };
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
