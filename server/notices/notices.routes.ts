/**
 * @module
 * The contract of the notice routes ("Paziņojumi"):
 * - `GET /notices?premise={id}`: the live notices that reach that address, pinned urgent ones
 *   first, each with the caller's own read state, and the unread count; title and body in the
 *   language of `Accept-Language` when the manager wrote that version, else in Latvian;
 * - `POST /notices/{noticeId}/read`: marks one read for the caller (idempotent);
 * - `GET /notices/{noticeId}/attachments/{fileId}`: an attachment, for the people it reaches only.
 * Bodies are plain text (paragraphs separated by blank lines, bare http(s) links); clients must
 * render them as text, never as HTML.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { fileDownloadResponse } from '../files/download.ts';
import { errorResponses } from '../http/openapi.ts';

export const FileSummarySchema = z
  .object({ id: z.string().uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int() })
  .openapi('FileSummary');

export const NoticeSchema = z
  .object({
    id: z.string().uuid(),
    title: z.string(),
    body: z.string().openapi({ description: 'Plain text; paragraphs separated by blank lines' }),
    language: z.enum(['lv', 'en', 'ru']).openapi({ description: "The language of title and body: the request's Accept-Language when the manager wrote that version, else Latvian" }),
    kind: z.enum(['normal', 'urgent']),
    pinned: z.boolean().openapi({ description: 'Urgent and showing: keep it above the others' }),
    publishAt: z.string().datetime(),
    expiresAt: z.string().datetime().nullable(),
    read: z.boolean(),
    readAt: z.string().datetime().nullable(),
    attachments: z.array(FileSummarySchema),
  })
  .openapi('Notice');

export const NoticeListSchema = z.object({ notices: z.array(NoticeSchema), unreadCount: z.number().int() }).openapi('NoticeList');

const NoticeIdParam = z.string().max(64).openapi({ param: { name: 'noticeId', in: 'path' }, example: 'uuid' });

export const listNoticesRoute = createRoute({
  method: 'get',
  path: '/notices',
  tags: ['notices'],
  summary: 'The notices that reach an address',
  security: [{ bearer: [] }],
  request: { query: z.object({ premise: z.string().min(1).max(64).openapi({ description: 'The active address (premise id)' }) }) },
  responses: {
    200: { description: 'Pinned first, then newest first', content: { 'application/json': { schema: NoticeListSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const markNoticeReadRoute = createRoute({
  method: 'post',
  path: '/notices/{noticeId}/read',
  tags: ['notices'],
  summary: 'Mark a notice read for the caller',
  security: [{ bearer: [] }],
  request: { params: z.object({ noticeId: NoticeIdParam }) },
  responses: { 204: { description: 'Read' }, ...errorResponses(401, 403, 404) },
});

export const noticeAttachmentRoute = createRoute({
  method: 'get',
  path: '/notices/{noticeId}/attachments/{fileId}',
  tags: ['notices'],
  summary: 'Download an attachment of a notice that reaches the caller',
  security: [{ bearer: [] }],
  request: { params: z.object({ noticeId: NoticeIdParam, fileId: z.string().max(64).openapi({ param: { name: 'fileId', in: 'path' } }) }) },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});
