/**
 * @module
 * The manager's side of contact with residents ("Saziņa"):
 * - `GET /threads` — the inbox: threads that are not closed (or `?status=open|answered|closed`),
 *   unanswered first and longest-waiting first, with the premise (externalRef, label) and the
 *   resident who asked; cursor pages;
 * - `GET /threads/{threadId}` — one thread with its messages, oldest first;
 * - `GET /threads/{threadId}/messages/{messageId}/file` — a message's attachment;
 * - `POST /threads/{threadId}/replies` (multipart/form-data: `body`, `close` = true|false, an
 *   optional `file`) — answers as the manager. The resident who asked gets the reply email when
 *   the thread asked for one and the account allows it (threads/reply-email.ts, sent through the
 *   outbox in the same transaction);
 * - `POST /threads/{threadId}/close` — closes it without a message.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { fileDownloadResponse } from '../../files/download.ts';
import { multipartForm, OptionalFileField } from '../../files/upload.ts';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../files/upload-policy.ts';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';
import { ThreadMessageSchema } from '../../threads/threads.routes.ts';
import { adminAction } from '../admin-caller.ts';
import { multipartBody } from '../admin-form.ts';
import { ADMIN_PAGE_DEFAULT, ADMIN_PAGE_MAX } from '../pagination.ts';

const Status = z.enum(['open', 'answered', 'closed']);

export const InboxThread = z
  .object({
    id: z.string().uuid(),
    subject: z.string(),
    status: Status.openapi({ description: 'open: waiting for the manager; answered: the manager wrote last; closed' }),
    premise: z.object({ id: z.string().uuid(), externalRef: z.string().nullable(), label: z.string() }),
    resident: z.object({ id: z.string().uuid(), name: z.string(), email: z.string() }),
    notifyByEmail: z.boolean(),
    messageCount: z.number().int(),
    lastAuthorKind: z.enum(['resident', 'manager']).nullable(),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ description: 'Last activity' }),
  })
  .openapi('AdminThread');

export const AdminThreadDetail = z
  .object({ thread: InboxThread, messages: z.array(ThreadMessageSchema.omit({ mine: true })) })
  .openapi('AdminThreadDetail');

const ThreadParams = z.object({ threadId: z.string().max(64).openapi({ param: { name: 'threadId', in: 'path' } }) });
const base = { tags: ['admin: threads'], security: adminSecurity };

export const listThreadsRoute = createRoute({
  ...base,
  method: 'get',
  path: '/threads',
  summary: 'The inbox: unanswered threads first, longest-waiting first',
  middleware: [adminAction('read')] as const,
  request: {
    query: z.object({
      status: Status.optional().openapi({ description: 'Only threads in this status; open and answered ones when left out' }),
      limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_MAX).default(ADMIN_PAGE_DEFAULT),
      cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: z.object({ items: z.array(InboxThread), nextCursor: z.string().nullable() }) } } },
    ...errorResponses(400, 401, 403),
  },
});

export const getThreadRoute = createRoute({
  ...base,
  method: 'get',
  path: '/threads/{threadId}',
  summary: 'One thread with its messages',
  middleware: [adminAction('read')] as const,
  request: { params: ThreadParams },
  responses: { 200: { description: 'The conversation', content: { 'application/json': { schema: AdminThreadDetail } } }, ...errorResponses(401, 403, 404) },
});

export const threadFileRoute = createRoute({
  ...base,
  method: 'get',
  path: '/threads/{threadId}/messages/{messageId}/file',
  summary: "Download a message's attachment",
  middleware: [adminAction('read')] as const,
  request: { params: ThreadParams.extend({ messageId: z.string().max(64).openapi({ param: { name: 'messageId', in: 'path' } }) }) },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});

export const replyRoute = createRoute({
  ...base,
  method: 'post',
  path: '/threads/{threadId}/replies',
  summary: 'Answer as the manager (multipart/form-data); the resident is emailed',
  middleware: [adminAction('write'), ...multipartForm({ fileFields: { file: 1 }, maxFileBytes: DEFAULT_MAX_UPLOAD_BYTES })] as const,
  request: {
    params: ThreadParams,
    ...multipartBody(
      z.object({
        body: z.string().max(20_000),
        close: z.enum(['true', 'false']).optional().default('false').openapi({ description: 'Close the thread with this reply' }),
        file: OptionalFileField,
      }),
    ),
  },
  responses: {
    201: {
      description: 'The thread with the reply; emailQueued says whether the resident is emailed',
      content: { 'application/json': { schema: AdminThreadDetail.extend({ emailQueued: z.boolean() }) } },
    },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export const closeThreadRoute = createRoute({
  ...base,
  method: 'post',
  path: '/threads/{threadId}/close',
  summary: 'Close a thread without a message',
  middleware: [adminAction('write')] as const,
  request: { params: ThreadParams },
  responses: { 200: { description: 'The closed thread', content: { 'application/json': { schema: AdminThreadDetail } } }, ...errorResponses(401, 403, 404) },
});
