/**
 * @module
 * The handlers of the manager's building documents (contract in documents.routes.ts). Creating
 * goes through the resident side's publishDocument and every description through its
 * checkDocumentFields, so both sides hold documents to the same rules.
 */
import type { AppDeps } from '../../deps.ts';
import type { Tx } from '../../db/database.ts';
import { isDocumentPublished } from '../../documents/document-rules.ts';
import { checkDocumentFields, publishDocument } from '../../documents/documents.service.ts';
import { conflict, notFound, validationFailed } from '../../errors.ts';
import { fileDownload } from '../../files/download.ts';
import { openStoredFile, storeFile } from '../../files/stored-files.ts';
import type { AcceptedUpload } from '../../files/upload.ts';
import { createRouter } from '../../http/context.ts';
import { withAdmin, type AdminScope } from '../admin-caller.ts';
import { acceptFiles, filesOf, jsonPart } from '../admin-form.ts';
import { isExternalRef } from '../ref-param.ts';
import { afterId, toPage } from '../pagination.ts';
import { buildingByRef, lockExternalRef } from '../refs.repository.ts';
import { unknownRef } from '../registry/upsert-by-ref.ts';
import {
  deleteDocument,
  documentsPage,
  findDocumentByKey,
  replaceDocumentFile,
  setDocumentExternalRef,
  updateDocument,
  type AdminDocumentRow,
} from './documents.repository.ts';
import {
  createDocumentRoute,
  deleteDocumentRoute,
  documentFileRoute,
  DocumentInput,
  getDocumentRoute,
  listDocumentsRoute,
  MAX_DOCUMENT_BYTES,
  putDocumentRoute,
} from './documents.routes.ts';

type Input = Awaited<ReturnType<typeof readDocumentForm>>['input'];

function documentView(row: AdminDocumentRow, now: Date) {
  return {
    id: row.id,
    externalRef: row.external_ref,
    buildingId: row.building_id,
    buildingRef: row.building_ref,
    category: row.category,
    title: row.title,
    date: row.document_date,
    period: row.period,
    requiresStrongAuth: row.requires_strong_auth,
    publishAt: row.publish_at.toISOString(),
    state: isDocumentPublished({ publishAt: row.publish_at }, now) ? ('published' as const) : ('scheduled' as const),
    file: { id: row.file_id, fileName: row.file_name, contentType: row.content_type, sizeBytes: row.size_bytes },
    createdAt: row.created_at.toISOString(),
  };
}

async function documentOf(trx: Tx, key: string): Promise<AdminDocumentRow> {
  const row = isExternalRef(key) ? await findDocumentByKey(trx, key) : undefined;
  if (!row) throw notFound();
  return row;
}

async function readDocumentForm(form: Record<string, unknown>) {
  const input = await jsonPart(form, 'document', DocumentInput);
  const fields = checkDocumentFields({ ...input, period: input.period ?? null });
  if (Object.keys(fields).length > 0) throw validationFailed(fields);
  const [file] = await acceptFiles(filesOf(form, 'file', 1), MAX_DOCUMENT_BYTES);
  return { input, file };
}

const buildingNotFound = () => unknownRef('buildingRef', 'building');

async function createDocument(scope: AdminScope, input: Input, file: AcceptedUpload | undefined, externalRef: string | undefined) {
  const { trx, tenantId, now, audit, files, uploadedBy } = scope;
  if (!file) throw validationFailed({ file: 'required' });
  const building = await buildingByRef(trx, input.buildingRef);
  if (!building) throw buildingNotFound();
  const { id } = await publishDocument(
    trx,
    files,
    tenantId,
    {
      buildingId: building.id,
      category: input.category,
      title: input.title,
      date: input.date,
      period: input.period ?? null,
      requiresStrongAuth: input.requiresStrongAuth,
      ...(input.publishAt ? { publishAt: new Date(input.publishAt) } : {}),
      file,
      uploadedBy,
    },
    now,
  );
  if (externalRef) await setDocumentExternalRef(trx, id, externalRef);
  await audit('admin.document.created', { type: 'document', id }, { externalRef: externalRef ?? null, buildingRef: input.buildingRef, category: input.category });
  return { item: documentView((await findDocumentByKey(trx, id))!, now), result: 'created' as const };
}

async function replaceDocument(scope: AdminScope, existing: AdminDocumentRow, input: Input, file: AcceptedUpload | undefined) {
  const { trx, tenantId, now, audit, files, uploadedBy } = scope;
  const building = await buildingByRef(trx, input.buildingRef);
  if (!building) throw buildingNotFound();
  const next = {
    buildingId: building.id,
    category: input.category,
    title: input.title.trim(),
    date: input.date,
    period: input.period ?? null,
    requiresStrongAuth: input.requiresStrongAuth,
    publishAt: input.publishAt ? new Date(input.publishAt) : existing.publish_at,
  };
  const newFile = file && (file.fileName !== existing.file_name || file.body.sha256 !== existing.sha256);
  const sameFields =
    existing.building_id === next.buildingId &&
    existing.category === next.category &&
    existing.title === next.title &&
    existing.document_date === next.date &&
    existing.period === next.period &&
    existing.requires_strong_auth === next.requiresStrongAuth &&
    existing.publish_at.getTime() === next.publishAt.getTime();
  if (sameFields && !newFile) return { item: documentView(existing, now), result: 'unchanged' as const };

  await updateDocument(trx, existing.id, next);
  if (newFile && file) await replaceDocumentFile(trx, files, existing.id, existing.file_id, (await storeFile(trx, files, tenantId, { ...file, uploadedBy, now })).id);
  await audit('admin.document.updated', { type: 'document', id: existing.id }, { externalRef: existing.external_ref, buildingRef: input.buildingRef, fileReplaced: !!newFile });
  return { item: documentView((await findDocumentByKey(trx, existing.id))!, now), result: 'updated' as const };
}

export function adminDocumentsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listDocumentsRoute, async (c) => {
    const query = c.req.valid('query');
    const after = afterId(query.cursor);
    const page = await withAdmin(deps, c, async ({ trx, now }) => {
      const building = query.buildingRef === undefined ? undefined : await buildingByRef(trx, query.buildingRef);
      if (query.buildingRef !== undefined && !building) throw buildingNotFound();
      const rows = await documentsPage(trx, { afterId: after, limit: query.limit, buildingId: building?.id, category: query.category });
      return toPage(rows, query.limit, (row) => documentView(row, now));
    });
    return c.json(page, 200);
  });

  router.openapi(getDocumentRoute, async (c) => {
    const { document } = c.req.valid('param');
    const item = await withAdmin(deps, c, async ({ trx, now }) => documentView(await documentOf(trx, document), now));
    return c.json({ item }, 200);
  });

  router.openapi(documentFileRoute, async (c) => {
    const { document } = c.req.valid('param');
    const file = await withAdmin(deps, c, async ({ trx }) => {
      const stored = await openStoredFile(trx, deps.files, (await documentOf(trx, document)).file_id, c.req.header('range'));
      if (!stored) throw notFound();
      return stored;
    });
    return fileDownload(c, file);
  });

  router.openapi(createDocumentRoute, async (c) => {
    const { input, file } = await readDocumentForm(c.req.valid('form') as Record<string, unknown>);
    const answer = await withAdmin(deps, c, async (scope) => {
      if (input.externalRef) {
        await lockExternalRef(scope.trx, 'document', input.externalRef);
        if (await findDocumentByKey(scope.trx, input.externalRef)) {
          throw conflict('external_ref_taken', 'A document with this externalRef exists; PUT /documents/{externalRef} replaces it.', { externalRef: 'taken' });
        }
      }
      return createDocument(scope, input, file, input.externalRef);
    });
    return c.json(answer, 201);
  });

  router.openapi(putDocumentRoute, async (c) => {
    const { document } = c.req.valid('param');
    if (!isExternalRef(document)) throw validationFailed({ document: 'invalid_external_ref' });
    const { input, file } = await readDocumentForm(c.req.valid('form') as Record<string, unknown>);
    if (input.externalRef !== undefined && input.externalRef !== document) throw validationFailed({ externalRef: 'differs_from_path' });
    const answer = await withAdmin(deps, c, async (scope) => {
      await lockExternalRef(scope.trx, 'document', document);
      const existing = await findDocumentByKey(scope.trx, document);
      return existing ? replaceDocument(scope, existing, input, file) : createDocument(scope, input, file, document);
    });
    return c.json(answer, answer.result === 'created' ? 201 : 200);
  });

  router.openapi(deleteDocumentRoute, async (c) => {
    const { document } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, audit, files }) => {
      const row = await documentOf(trx, document);
      await deleteDocument(trx, files, { id: row.id, fileId: row.file_id });
      await audit('admin.document.deleted', { type: 'document', id: row.id }, { externalRef: row.external_ref, title: row.title });
    });
    return c.body(null, 204);
  });

  return router;
}
