/**
 * @module
 * The contract of contact with the manager ("Saziņa"), per premise, for its owners and proxies:
 * - `GET /premises/{premiseId}/threads`: the premise's threads with status, latest first;
 * - `POST /premises/{premiseId}/threads` (multipart/form-data: subject, body, notifyByEmail,
 *   optional file): opens one;
 * - `GET /premises/{premiseId}/threads/{threadId}/messages`: the thread and its conversation;
 * - `POST /premises/{premiseId}/threads/{threadId}/messages` (multipart: body, optional file);
 * - `GET …/messages/{messageId}/file`: a message's attachment.
 * Attachments: at most 10 MB, PDF, images or office documents (413 `file_too_large`, 422
 * `file_type_not_allowed`). Bodies are plain text; clients render them as text.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { fileDownloadResponse } from '../files/download.ts';
import { OptionalFileField } from '../files/upload.ts';
import { errorResponses, PremiseIdParam } from '../http/openapi.ts';
import { FileSummarySchema } from '../notices/notices.routes.ts';

const Status = z.enum(['open', 'answered', 'closed']);

export const ThreadSummarySchema = z
  .object({
    id: z.string().uuid(),
    subject: z.string(),
    status: Status.openapi({ description: 'open: waiting for the manager; answered: the manager wrote last; closed' }),
    notifyByEmail: z.boolean(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    messageCount: z.number().int(),
    lastAuthorKind: z.enum(['resident', 'manager']).nullable(),
    createdBy: z.object({ name: z.string(), mine: z.boolean() }),
  })
  .openapi('ThreadSummary');

export const ThreadMessageSchema = z
  .object({
    id: z.string().uuid(),
    authorKind: z.enum(['resident', 'manager']),
    authorName: z.string(),
    mine: z.boolean(),
    body: z.string(),
    createdAt: z.string().datetime(),
    // A union, not .nullable(): on a named schema the generator writes allOf [$ref, object|null],
    // which no null satisfies, and generated clients would reject a message without a file.
    attachment: z.union([FileSummarySchema, z.null()]),
  })
  .openapi('ThreadMessage');

export const ThreadDetailSchema = z.object({ thread: ThreadSummarySchema, messages: z.array(ThreadMessageSchema) }).openapi('ThreadDetail');

const Text = (max: number) => z.string().max(max);
const Flag = z.enum(['true', 'false']).optional().default('true');

const ThreadParams = z.object({
  premiseId: PremiseIdParam,
  threadId: z.string().max(64).openapi({ param: { name: 'threadId', in: 'path' } }),
});

const form = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'multipart/form-data': { schema } } },
});

export const listThreadsRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/threads',
  tags: ['threads'],
  summary: "The premise's contact threads",
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam }) },
  responses: {
    200: { description: 'Latest activity first', content: { 'application/json': { schema: z.object({ threads: z.array(ThreadSummarySchema) }) } } },
    ...errorResponses(401, 403, 404),
  },
});

export const createThreadRoute = createRoute({
  method: 'post',
  path: '/premises/{premiseId}/threads',
  tags: ['threads'],
  summary: 'Open a thread with a general question',
  security: [{ bearer: [] }],
  request: {
    params: z.object({ premiseId: PremiseIdParam }),
    ...form(z.object({ subject: Text(1000), body: Text(20_000), notifyByEmail: Flag, file: OptionalFileField })),
  },
  responses: {
    201: { description: 'The new thread', content: { 'application/json': { schema: ThreadDetailSchema } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export const threadMessagesRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/threads/{threadId}/messages',
  tags: ['threads'],
  summary: 'A thread and its conversation, oldest first',
  security: [{ bearer: [] }],
  request: { params: ThreadParams },
  responses: {
    200: { description: 'The conversation', content: { 'application/json': { schema: ThreadDetailSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export const postMessageRoute = createRoute({
  method: 'post',
  path: '/premises/{premiseId}/threads/{threadId}/messages',
  tags: ['threads'],
  summary: 'Answer in a thread (409 thread_closed when it is closed)',
  security: [{ bearer: [] }],
  request: { params: ThreadParams, ...form(z.object({ body: Text(20_000), file: OptionalFileField })) },
  responses: {
    201: { description: 'The thread with the new message', content: { 'application/json': { schema: ThreadDetailSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

export const messageFileRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/threads/{threadId}/messages/{messageId}/file',
  tags: ['threads'],
  summary: "Download a message's attachment",
  security: [{ bearer: [] }],
  request: { params: ThreadParams.extend({ messageId: z.string().max(64).openapi({ param: { name: 'messageId', in: 'path' } }) }) },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});
