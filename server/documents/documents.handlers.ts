/**
 * @module
 * The handlers of the building's documents. A document of another building, not yet published,
 * of another tenant, or with a malformed id answers 404 alike.
 */
import type { AppDeps } from '../deps.ts';
import { requireAccess, withResident } from '../auth/resident.ts';
import type { DocumentCategory } from '../db/types.ts';
import { forbidden, notFound } from '../errors.ts';
import { fileDownload } from '../files/download.ts';
import { openStoredFile } from '../files/stored-files.ts';
import { createRouter } from '../http/context.ts';
import { isUuid } from '../http/ids.ts';
import { isDocumentPublished, mayOpenDocument } from './document-rules.ts';
import { buildingOfPremise, findDocument, publishedDocuments } from './documents.repository.ts';
import { documentFileRoute, listDocumentsRoute } from './documents.routes.ts';

export const strongAuthRequired = () =>
  forbidden('strong_auth_required', 'This document opens only after logging in with a bank, eParaksts or Smart-ID.');

export function documentsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listDocumentsRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const category = c.req.valid('query').category as DocumentCategory | undefined;
    const body = await withResident(deps, c, async ({ trx, resident, now }) => {
      requireAccess(resident, premiseId, 'documents.view');
      const buildingId = await buildingOfPremise(trx, premiseId);
      if (!buildingId) throw notFound();
      const rows = await publishedDocuments(trx, { buildingId, now, category });
      const documents = rows.map((row) => ({
        id: row.id,
        title: row.title,
        category: row.category,
        date: row.document_date,
        period: row.period,
        publishAt: row.publish_at.toISOString(),
        requiresStrongAuth: row.requires_strong_auth,
        locked: !mayOpenDocument({ requiresStrongAuth: row.requires_strong_auth }, resident.authLevel),
        file: { fileName: row.file_name, contentType: row.content_type, sizeBytes: row.size_bytes },
      }));
      return { documents, authLevel: resident.authLevel, lockedCount: documents.filter((d) => d.locked).length };
    });
    return c.json(body, 200);
  });

  router.openapi(documentFileRoute, async (c) => {
    const { premiseId, documentId } = c.req.valid('param');
    const file = await withResident(deps, c, async ({ trx, resident, now }) => {
      requireAccess(resident, premiseId, 'documents.view');
      if (!isUuid(documentId)) throw notFound();
      const [buildingId, document] = [await buildingOfPremise(trx, premiseId), await findDocument(trx, documentId)];
      if (!document || document.building_id !== buildingId || !isDocumentPublished({ publishAt: document.publish_at }, now)) throw notFound();
      if (!mayOpenDocument({ requiresStrongAuth: document.requires_strong_auth }, resident.authLevel)) throw strongAuthRequired();
      const stored = await openStoredFile(trx, deps.files, document.file_id, c.req.header('range'));
      if (!stored) throw notFound();
      return stored;
    });
    return fileDownload(c, file);
  });

  return router;
}
