/**
 * @module
 * The building's documents ("Mājas lieta"), as the manager publishes them. A document is
 * addressed by its id or by the manager's own `externalRef` (the `{document}` path segment is
 * either):
 * - `POST /documents` (multipart/form-data: `document` = JSON, `file` = the file) publishes one;
 * - `PUT /documents/{document}` (same form) creates the document with that externalRef or replaces
 *   the one found (201 created / 200 updated or unchanged); the file is needed to create, and
 *   kept as it was when an update sends none;
 * - `GET /documents` (cursor pages; `buildingRef`, `category`), `GET /documents/{document}`,
 *   `GET /documents/{document}/file`; `DELETE /documents/{document}` removes it and its file.
 * The building is named by its externalRef (404 when it is not this tenant's). `requiresStrongAuth`
 * documents open for residents only after a bank, eParaksts or Smart-ID login. Residents see a
 * document in `GET /v1/{tenant}/premises/{id}/documents` from its publish time on (now by default).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DOCUMENT_CATEGORIES } from '../../documents/document-rules.ts';
import { MAX_DOCUMENT_BYTES } from '../../documents/documents.service.ts';
import { fileDownloadResponse } from '../../files/download.ts';
import { multipartForm } from '../../files/upload.ts';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';
import { adminAction } from '../admin-caller.ts';
import { CalendarDate, Instant } from '../content-fields.ts';
import { FileField, JsonPartField, multipartBody } from '../admin-form.ts';
import { ExternalRef } from '../external-ref.ts';
import { refParam } from '../ref-param.ts';
import { PageQuery, pageOf } from '../pagination.ts';

export { MAX_DOCUMENT_BYTES };

const Category = z.enum(DOCUMENT_CATEGORIES as ['estimate', 'report', 'repair_plan', 'meeting_protocol', 'other']);

export const DocumentInput = z
  .strictObject({
    externalRef: ExternalRef.optional().openapi({ description: 'POST only: your id for the document (PUT takes it from the path)' }),
    buildingRef: ExternalRef.openapi({ description: "The building's externalRef" }),
    category: Category,
    title: z.string().max(600).openapi({ example: 'Tāme: jumta remonts' }),
    date: CalendarDate.openapi({ example: '2026-03-31' }),
    period: z.string().max(10).nullable().optional().openapi({ example: '2026-Q1', description: 'A year (2025), quarter (2026-Q1) or month (2026-03)' }),
    requiresStrongAuth: z.boolean().default(false).openapi({ description: 'Opens for residents only after a strong login' }),
    publishAt: Instant.optional().openapi({ description: 'Now when left out on create; kept on update' }),
  })
  .openapi('AdminDocumentInput');

export const AdminDocument = z
  .object({
    id: z.string().uuid(),
    externalRef: z.string().nullable(),
    buildingId: z.string().uuid(),
    buildingRef: z.string().nullable(),
    category: Category,
    title: z.string(),
    date: z.string(),
    period: z.string().nullable(),
    requiresStrongAuth: z.boolean(),
    publishAt: z.string(),
    state: z.enum(['scheduled', 'published']),
    file: z.object({ id: z.string().uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() }),
    createdAt: z.string(),
  })
  .openapi('AdminDocument');

const Result = z.enum(['created', 'updated', 'unchanged']);
const Answer = z.object({ item: AdminDocument, result: Result });
const DocumentParams = z.object({ document: refParam('document').openapi({ description: "The document's id or your externalRef" }) });
const DocumentForm = multipartBody(z.object({ document: JsonPartField('AdminDocumentInput'), file: FileField('The document, at most 50 MB: PDF, images or office documents') }));
const base = { tags: ['admin: documents'], security: adminSecurity };

export const listDocumentsRoute = createRoute({
  ...base,
  method: 'get',
  path: '/documents',
  summary: 'Documents in creation order (cursor pages), optionally of one building or category',
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery.extend({ buildingRef: z.string().max(300).optional(), category: Category.optional() }) },
  responses: { 200: { description: 'One page', content: { 'application/json': { schema: pageOf(AdminDocument) } } }, ...errorResponses(400, 401, 403, 404) },
});

export const getDocumentRoute = createRoute({
  ...base,
  method: 'get',
  path: '/documents/{document}',
  summary: 'One document',
  middleware: [adminAction('read')] as const,
  request: { params: DocumentParams },
  responses: { 200: { description: 'The document', content: { 'application/json': { schema: z.object({ item: AdminDocument }) } } }, ...errorResponses(401, 403, 404) },
});

export const documentFileRoute = createRoute({
  ...base,
  method: 'get',
  path: '/documents/{document}/file',
  summary: "The document's file",
  middleware: [adminAction('read')] as const,
  request: { params: DocumentParams },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});

export const createDocumentRoute = createRoute({
  ...base,
  method: 'post',
  path: '/documents',
  summary: 'Publish a document (multipart/form-data)',
  middleware: [adminAction('write'), ...multipartForm({ fileFields: { file: 1 }, maxFileBytes: MAX_DOCUMENT_BYTES })] as const,
  request: DocumentForm,
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: Answer } } }, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const putDocumentRoute = createRoute({
  ...base,
  method: 'put',
  path: '/documents/{document}',
  summary: 'Create (by externalRef) or replace a document (multipart/form-data)',
  middleware: [adminAction('write'), ...multipartForm({ fileFields: { file: 1 }, maxFileBytes: MAX_DOCUMENT_BYTES })] as const,
  request: { params: DocumentParams, ...DocumentForm },
  responses: {
    200: { description: 'Updated or unchanged', content: { 'application/json': { schema: Answer } } },
    201: { description: 'Created', content: { 'application/json': { schema: Answer } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export const deleteDocumentRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/documents/{document}',
  summary: 'Delete a document and its file',
  middleware: [adminAction('write')] as const,
  request: { params: DocumentParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});
