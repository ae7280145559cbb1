/**
 * @module
 * The contract of the building's documents ("Mājas lieta", "Dokumenti"):
 * - `GET /premises/{premiseId}/documents[?category=…]`: the published documents of that
 *   premise's building, newest first. Documents that need a strong login are listed with
 *   `locked: true` in a basic session, so the widget can say how to open them;
 * - `GET /premises/{premiseId}/documents/{documentId}/file`: the file; 403
 *   `strong_auth_required` when it needs a strong login and the session is basic.
 * Owners and proxies only: a member gets 403, someone else's premise 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { fileDownloadResponse } from '../files/download.ts';
import { errorResponses, PremiseIdParam } from '../http/openapi.ts';
import { DOCUMENT_CATEGORIES } from './document-rules.ts';

const Category = z.enum(DOCUMENT_CATEGORIES as [string, ...string[]]);

export const DocumentSchema = z
  .object({
    id: z.string().uuid(),
    title: z.string(),
    category: Category,
    date: z.string().openapi({ example: '2026-03-31' }),
    period: z.string().nullable().openapi({ example: '2026-Q1' }),
    publishAt: z.string().datetime(),
    requiresStrongAuth: z.boolean(),
    locked: z.boolean().openapi({ description: 'Needs a strong login that this session does not have' }),
    file: z.object({ fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() }),
  })
  .openapi('BuildingDocument');

export const DocumentListSchema = z
  .object({
    documents: z.array(DocumentSchema),
    authLevel: z.enum(['basic', 'strong']),
    lockedCount: z.number().int(),
  })
  .openapi('BuildingDocumentList');

const DocumentIdParam = z.string().max(64).openapi({ param: { name: 'documentId', in: 'path' } });

export const listDocumentsRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/documents',
  tags: ['documents'],
  summary: "The documents of the premise's building",
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam }), query: z.object({ category: Category.optional() }) },
  responses: {
    200: { description: 'Newest first', content: { 'application/json': { schema: DocumentListSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const documentFileRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/documents/{documentId}/file',
  tags: ['documents'],
  summary: 'Download a document (403 strong_auth_required for a basic session when it needs a strong login)',
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam, documentId: DocumentIdParam }) },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});
