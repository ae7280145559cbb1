/**
 * @module
 * The manager's notices ("Paziņojumi"). A notice is addressed by its id or by the manager's own
 * `externalRef` (the `{notice}` path segment is either):
 * - `POST /notices` (multipart/form-data: `notice` = JSON, `attachments` = files) publishes one;
 * - `PUT /notices/{notice}` (same form) creates the notice with that externalRef or replaces the
 *   one found (201 created / 200 updated or unchanged). Attachments sent replace the old ones;
 *   none sent keeps them, unless `clearAttachments` is true;
 * - `GET /notices` (cursor pages, `state=scheduled|live|expired`), `GET /notices/{notice}`;
 * - `POST /notices/{notice}/withdraw` ends a live notice now (it stays in the list as expired);
 *   `DELETE /notices/{notice}` removes it with its attachments and read receipts;
 * - `GET /notices/{notice}/attachments/{fileId}` downloads an attachment.
 * Targets: the whole tenant, buildings (`buildingRefs`) or premises (`premiseRefs`) by their
 * externalRef; an unknown or another tenant's ref answers 404. Urgent notices need an expiry
 * and are pinned while they show. Residents see a notice the moment its publish time comes.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { fileDownloadResponse } from '../../files/download.ts';
import { multipartForm } from '../../files/upload.ts';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';
import { NOTICE_LIMITS } from '../../notices/notice-rules.ts';
import { FileSummarySchema } from '../../notices/notices.routes.ts';
import { adminAction } from '../admin-caller.ts';
import { Instant } from '../content-fields.ts';
import { FilesField, JsonPartField, multipartBody } from '../admin-form.ts';
import { ExternalRef } from '../external-ref.ts';
import { refParam } from '../ref-param.ts';
import { PageQuery, pageOf } from '../pagination.ts';

/** Managers attach scanned schedules and plans: at most 5 files, 25 MB in all. */
export const NOTICE_ATTACHMENTS = { maxFiles: 5, maxTotalBytes: 25 * 1024 * 1024 } as const;
/** The notice form's files: up to five attachments, 25 MB together. */
const NOTICE_UPLOAD = {
  fileFields: { attachments: NOTICE_ATTACHMENTS.maxFiles },
  maxFileBytes: NOTICE_ATTACHMENTS.maxTotalBytes,
  maxTotalBytes: NOTICE_ATTACHMENTS.maxTotalBytes,
};

const Time = Instant;

const NoticeVersion = z.strictObject({
  title: z.string().max(NOTICE_LIMITS.title * 2),
  body: z.string().max(NOTICE_LIMITS.body * 2),
});
const NoticeTranslationsInput = z.strictObject({ ru: NoticeVersion.optional(), en: NoticeVersion.optional() }).openapi('AdminNoticeTranslations');

export const NoticeInput = z
  .strictObject({
    externalRef: ExternalRef.optional().openapi({ description: 'POST only: your id for the notice (PUT takes it from the path)' }),
    title: z.string().max(NOTICE_LIMITS.title * 2).openapi({ example: 'Karstā ūdens atslēgšana' }),
    body: z.string().max(NOTICE_LIMITS.body * 2).openapi({ description: 'Plain text; paragraphs separated by blank lines' }),
    kind: z.enum(['normal', 'urgent']).default('normal').openapi({ description: 'urgent: pinned on top while it shows; needs expiresAt' }),
    audience: z.enum(['tenant', 'buildings', 'premises']).default('tenant'),
    buildingRefs: z.array(ExternalRef).max(NOTICE_LIMITS.targets).default([]),
    premiseRefs: z.array(ExternalRef).max(NOTICE_LIMITS.targets).default([]),
    publishAt: Time.optional().openapi({ description: 'When residents start to see it: now when left out on create, kept on update' }),
    expiresAt: Time.nullable().optional().openapi({ description: 'When it stops showing; required for urgent notices' }),
    translations: NoticeTranslationsInput.default({}).openapi({ description: 'The Russian and English versions; title and body above are Latvian. Residents get the version of their Accept-Language, else the Latvian text. PUT: replaced whole' }),
    clearAttachments: z.boolean().default(false).openapi({ description: 'PUT: drop the attachments when no new ones are sent' }),
  })
  .openapi('AdminNoticeInput');

export const AdminNotice = z
  .object({
    id: z.string().uuid(),
    externalRef: z.string().nullable(),
    title: z.string(),
    body: z.string(),
    kind: z.enum(['normal', 'urgent']),
    audience: z.enum(['tenant', 'buildings', 'premises']),
    buildings: z.array(z.object({ id: z.string().uuid(), externalRef: z.string().nullable() })),
    premises: z.array(z.object({ id: z.string().uuid(), externalRef: z.string().nullable(), label: z.string() })),
    publishAt: z.string(),
    expiresAt: z.string().nullable(),
    state: z.enum(['scheduled', 'live', 'expired']),
    translations: z.object({ ru: z.object({ title: z.string(), body: z.string() }).optional(), en: z.object({ title: z.string(), body: z.string() }).optional() }),
    readCount: z.number().int().openapi({ description: 'Residents who opened it' }),
    attachments: z.array(FileSummarySchema),
    createdAt: z.string(),
  })
  .openapi('AdminNotice');

const Result = z.enum(['created', 'updated', 'unchanged']);
const Answer = z.object({ item: AdminNotice, result: Result });
const NoticeParams = z.object({ notice: refParam('notice').openapi({ description: "The notice's id or your externalRef" }) });
const NoticeForm = multipartBody(
  z.object({ notice: JsonPartField('AdminNoticeInput'), attachments: FilesField(NOTICE_ATTACHMENTS.maxFiles, NOTICE_ATTACHMENTS.maxTotalBytes / 1024 / 1024) }),
);
const base = { tags: ['admin: notices'], security: adminSecurity };

export const listNoticesRoute = createRoute({
  ...base,
  method: 'get',
  path: '/notices',
  summary: 'Every notice, in creation order (cursor pages)',
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery.extend({ state: z.enum(['scheduled', 'live', 'expired']).optional() }) },
  responses: { 200: { description: 'One page', content: { 'application/json': { schema: pageOf(AdminNotice) } } }, ...errorResponses(400, 401, 403) },
});

export const NoticeReader = z
  .object({ userId: z.string().uuid(), name: z.string(), email: z.string(), readAt: z.string() })
  .openapi('AdminNoticeReader');

export const noticeReadersRoute = createRoute({
  ...base,
  method: 'get',
  path: '/notices/{notice}/readers',
  summary: 'Who has read the notice (for an urgent one: who may not know yet), first readers first',
  middleware: [adminAction('read')] as const,
  request: { params: NoticeParams },
  responses: {
    200: { description: 'The residents who opened it', content: { 'application/json': { schema: z.object({ items: z.array(NoticeReader) }) } } },
    ...errorResponses(401, 403, 404),
  },
});

export const getNoticeRoute = createRoute({
  ...base,
  method: 'get',
  path: '/notices/{notice}',
  summary: 'One notice',
  middleware: [adminAction('read')] as const,
  request: { params: NoticeParams },
  responses: { 200: { description: 'The notice', content: { 'application/json': { schema: z.object({ item: AdminNotice }) } } }, ...errorResponses(401, 403, 404) },
});

export const createNoticeRoute = createRoute({
  ...base,
  method: 'post',
  path: '/notices',
  summary: 'Publish a notice (multipart/form-data)',
  middleware: [adminAction('write'), ...multipartForm(NOTICE_UPLOAD)] as const,
  request: NoticeForm,
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: Answer } } }, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});

export const putNoticeRoute = createRoute({
  ...base,
  method: 'put',
  path: '/notices/{notice}',
  summary: 'Create (by externalRef) or replace a notice (multipart/form-data)',
  middleware: [adminAction('write'), ...multipartForm(NOTICE_UPLOAD)] as const,
  request: { params: NoticeParams, ...NoticeForm },
  responses: {
    200: { description: 'Updated or unchanged', content: { 'application/json': { schema: Answer } } },
    201: { description: 'Created', content: { 'application/json': { schema: Answer } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export const withdrawNoticeRoute = createRoute({
  ...base,
  method: 'post',
  path: '/notices/{notice}/withdraw',
  summary: 'End a notice now (409 notice_not_published for one not yet published: delete it instead)',
  middleware: [adminAction('write')] as const,
  request: { params: NoticeParams },
  responses: { 200: { description: 'Withdrawn, or unchanged when it had ended', content: { 'application/json': { schema: Answer } } }, ...errorResponses(401, 403, 404, 409) },
});

export const deleteNoticeRoute = createRoute({
  ...base,
  method: 'delete',
  path: '/notices/{notice}',
  summary: 'Delete a notice with its attachments and read receipts',
  middleware: [adminAction('write')] as const,
  request: { params: NoticeParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});

export const noticeAttachmentRoute = createRoute({
  ...base,
  method: 'get',
  path: '/notices/{notice}/attachments/{fileId}',
  summary: "Download a notice's attachment",
  middleware: [adminAction('read')] as const,
  request: { params: NoticeParams.extend({ fileId: z.string().max(64).openapi({ param: { name: 'fileId', in: 'path' } }) }) },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});
