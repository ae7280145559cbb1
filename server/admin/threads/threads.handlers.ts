/**
 * @module
 * The handlers of the manager's inbox (contract in threads.routes.ts). Replies go through the
 * resident side's replyAsManager: the message (author_kind `manager`), the status change and the
 * reply email are written in one transaction, with the audit entry beside them.
 */
import type { AppDeps } from '../../deps.ts';
import type { Tx } from '../../db/database.ts';
import { notFound, validationFailed } from '../../errors.ts';
import { fileDownload } from '../../files/download.ts';
import { openStoredFile } from '../../files/stored-files.ts';
import { readUpload } from '../../files/upload.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { messageFileId, messagesOfThread, setThreadStatus } from '../../threads/threads.repository.ts';
import { replyAsManager } from '../../threads/threads.service.ts';
import { withAdmin } from '../admin-caller.ts';
import { decodeQueueCursor, encodeQueueCursor } from './thread-queue.ts';
import { findInboxThread, inboxPage, type InboxRow } from './threads.repository.ts';
import { closeThreadRoute, getThreadRoute, listThreadsRoute, replyRoute, threadFileRoute } from './threads.routes.ts';

function threadView(row: InboxRow) {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    premise: { id: row.premise_id, externalRef: row.premise_ref, label: row.premise_label },
    resident: { id: row.resident_id, name: row.resident_name, email: row.resident_email },
    notifyByEmail: row.notify_by_email,
    messageCount: Number(row.message_count ?? 0),
    lastAuthorKind: row.last_author_kind ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function threadOf(trx: Tx, threadId: string): Promise<InboxRow> {
  const row = isUuid(threadId) ? await findInboxThread(trx, threadId.toLowerCase()) : undefined;
  if (!row) throw notFound();
  return row;
}

async function threadDetail(trx: Tx, tenantName: string, threadId: string) {
  const row = await threadOf(trx, threadId);
  const messages = await messagesOfThread(trx, row.id);
  return {
    thread: threadView(row),
    messages: messages.map((m) => ({
      id: m.id,
      authorKind: m.author_kind,
      authorName: m.author_kind === 'manager' ? tenantName : (m.author_name ?? ''),
      body: m.body,
      createdAt: m.created_at.toISOString(),
      attachment: m.file_id ? { id: m.file_id, fileName: m.file_name ?? 'file', contentType: m.content_type ?? 'application/octet-stream', sizeBytes: m.size_bytes ?? 0 } : null,
    })),
  };
}

export function adminThreadsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listThreadsRoute, async (c) => {
    const query = c.req.valid('query');
    const after = query.cursor === undefined ? undefined : decodeQueueCursor(query.cursor);
    if (query.cursor !== undefined && !after) throw validationFailed({ cursor: 'invalid_cursor' });
    const page = await withAdmin(deps, c, async ({ trx }) => {
      const rows = await inboxPage(trx, { statuses: query.status ? [query.status] : ['open', 'answered'], after, limit: query.limit });
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items: items.map(threadView),
        nextCursor: rows.length > query.limit && last ? encodeQueueCursor({ rank: Number(last.rank), activityMicros: last.activity_micros, id: last.id }) : null,
      };
    });
    return c.json(page, 200);
  });

  router.openapi(getThreadRoute, async (c) => {
    const { threadId } = c.req.valid('param');
    const detail = await withAdmin(deps, c, ({ trx, tenant }) => threadDetail(trx, tenant.name, threadId));
    return c.json(detail, 200);
  });

  router.openapi(threadFileRoute, async (c) => {
    const { threadId, messageId } = c.req.valid('param');
    const file = await withAdmin(deps, c, async ({ trx }) => {
      const thread = await threadOf(trx, threadId);
      const fileId = isUuid(messageId) ? await messageFileId(trx, thread.id, messageId.toLowerCase()) : undefined;
      const stored = fileId ? await openStoredFile(trx, deps.files, fileId, c.req.header('range')) : undefined;
      if (!stored) throw notFound();
      return stored;
    });
    return fileDownload(c, file);
  });

  router.openapi(replyRoute, async (c) => {
    const { threadId } = c.req.valid('param');
    const form = c.req.valid('form');
    const file = await readUpload(form.file);
    const answer = await withAdmin(deps, c, async ({ trx, tenant, now, audit, files, uploadedBy }) => {
      const thread = await threadOf(trx, threadId);
      const { messageId, emailQueued } = await replyAsManager(
        trx,
        files,
        tenant,
        { threadId: thread.id, body: form.body, close: form.close === 'true', uploadedBy, ...(file ? { file } : {}) },
        now,
      );
      await audit('admin.thread.replied', { type: 'thread', id: thread.id }, { messageId, closed: form.close === 'true', emailQueued, attachment: !!file });
      return { ...(await threadDetail(trx, tenant.name, thread.id)), emailQueued };
    });
    return c.json(answer, 201);
  });

  router.openapi(closeThreadRoute, async (c) => {
    const { threadId } = c.req.valid('param');
    const detail = await withAdmin(deps, c, async ({ trx, tenant, now, audit }) => {
      const thread = await threadOf(trx, threadId);
      if (thread.status !== 'closed') {
        await setThreadStatus(trx, thread.id, 'closed', now);
        await audit('admin.thread.closed', { type: 'thread', id: thread.id }, { from: thread.status });
      }
      return threadDetail(trx, tenant.name, thread.id);
    });
    return c.json(detail, 200);
  });

  return router;
}
