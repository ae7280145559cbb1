/**
 * @module
 * The building's documents, with their files' metadata (never the content in a list).
 */
import type { Tx } from '../db/database.ts';
import type { DocumentCategory } from '../db/types.ts';

export interface DocumentRow {
  id: string;
  building_id: string;
  category: DocumentCategory;
  title: string;
  document_date: string;
  period: string | null;
  requires_strong_auth: boolean;
  publish_at: Date;
  file_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
}

const COLUMNS = [
  'd.id',
  'd.building_id',
  'd.category',
  'd.title',
  'd.document_date',
  'd.period',
  'd.requires_strong_auth',
  'd.publish_at',
  'd.file_id',
  'f.file_name',
  'f.content_type',
  'f.size_bytes',
] as const;

export async function buildingOfPremise(trx: Tx, premiseId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('premises').select('building_id').where('id', '=', premiseId).executeTakeFirst();
  return row?.building_id;
}

/** Published documents of a building, newest first. */
export async function publishedDocuments(
  trx: Tx,
  input: { buildingId: string; now: Date; category?: DocumentCategory | undefined },
): Promise<DocumentRow[]> {
  let query = trx
    .selectFrom('documents as d')
    .innerJoin('stored_files as f', 'f.id', 'd.file_id')
    .select(COLUMNS)
    .where('d.building_id', '=', input.buildingId)
    .where('d.publish_at', '<=', input.now);
  if (input.category) query = query.where('d.category', '=', input.category);
  return query.orderBy('d.document_date', 'desc').orderBy('d.publish_at', 'desc').orderBy('d.id').execute();
}

export async function findDocument(trx: Tx, documentId: string): Promise<DocumentRow | undefined> {
  return trx
    .selectFrom('documents as d')
    .innerJoin('stored_files as f', 'f.id', 'd.file_id')
    .select(COLUMNS)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
}

export async function insertDocument(
  trx: Tx,
  tenantId: string,
  document: {
    buildingId: string;
    category: DocumentCategory;
    title: string;
    date: string;
    period: string | null;
    fileId: string;
    requiresStrongAuth: boolean;
    publishAt: Date;
    createdAt: Date;
  },
): Promise<string> {
  const { id } = await trx
    .insertInto('documents')
    .values({
      tenant_id: tenantId,
      building_id: document.buildingId,
      category: document.category,
      title: document.title,
      document_date: document.date,
      period: document.period,
      file_id: document.fileId,
      requires_strong_auth: document.requiresStrongAuth,
      publish_at: document.publishAt,
      created_at: document.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
