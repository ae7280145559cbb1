/**
 * @module
 * The handlers of contact threads. A thread of another premise (even one the caller also owns),
 * of another tenant, or with a malformed id answers 404 alike.
 */
import type { AppDeps } from '../deps.ts';
import { requireAccess, withResident, type ResidentScope } from '../auth/resident.ts';
import { notFound } from '../errors.ts';
import { fileDownload } from '../files/download.ts';
import { changingFiles, openStoredFile } from '../files/stored-files.ts';
import { readUpload, uploadMiddleware } from '../files/upload.ts';
import { createRouter } from '../http/context.ts';
import { isUuid } from '../http/ids.ts';
import { addResidentMessage, openThread } from './threads.service.ts';
import { findThread, messageFileId, messagesOfThread, threadsOfPremise, type ThreadRow } from './threads.repository.ts';
import { createThreadRoute, listThreadsRoute, messageFileRoute, postMessageRoute, threadMessagesRoute } from './threads.routes.ts';

async function threadOfPremise({ trx }: ResidentScope, premiseId: string, threadId: string): Promise<ThreadRow> {
  if (!isUuid(threadId)) throw notFound();
  const thread = await findThread(trx, threadId);
  if (!thread || thread.premise_id !== premiseId) throw notFound();
  return thread;
}

async function threadDetail(scope: ResidentScope, tenantName: string, thread: ThreadRow) {
  const rows = await messagesOfThread(scope.trx, thread.id);
  const [summary] = await threadsOfPremise(scope.trx, thread.premise_id, thread.id);
  if (!summary) throw notFound();
  return {
    thread: threadSummary(summary, scope.resident.userId),
    messages: rows.map((m) => ({
      id: m.id,
      authorKind: m.author_kind,
      authorName: m.author_kind === 'manager' ? tenantName : (m.author_name ?? ''),
      mine: m.author_kind === 'resident' && m.author_id === scope.resident.userId,
      body: m.body,
      createdAt: m.created_at.toISOString(),
      attachment: m.file_id ? { id: m.file_id, fileName: m.file_name ?? 'file', contentType: m.content_type ?? 'application/octet-stream', sizeBytes: m.size_bytes ?? 0 } : null,
    })),
  };
}

type SummaryRow = Awaited<ReturnType<typeof threadsOfPremise>>[number];

function threadSummary(t: SummaryRow, userId: string) {
  return {
    id: t.id,
    subject: t.subject,
    status: t.status,
    notifyByEmail: t.notify_by_email,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    messageCount: Number(t.message_count ?? 0),
    lastAuthorKind: t.last_author_kind ?? null,
    createdBy: { name: t.created_by_name, mine: t.created_by === userId },
  };
}

export function threadsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listThreadsRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const body = await withResident(deps, c, async ({ trx, resident }) => {
      requireAccess(resident, premiseId, 'threads.use');
      const threads = await threadsOfPremise(trx, premiseId);
      return { threads: threads.map((t) => threadSummary(t, resident.userId)) };
    });
    return c.json(body, 200);
  });

  router.openapi({ ...createThreadRoute, middleware: uploadMiddleware() }, async (c) => {
    const { premiseId } = c.req.valid('param');
    const form = c.req.valid('form');
    const body = await changingFiles(deps, (files) => withResident(deps, c, async (scope) => {
      requireAccess(scope.resident, premiseId, 'threads.use');
      const file = await readUpload(form.file);
      const thread = await openThread(
        scope.trx,
        files,
        scope.tenantId,
        { premiseId, userId: scope.resident.userId, subject: form.subject, body: form.body, notifyByEmail: form.notifyByEmail === 'true', file },
        scope.now,
      );
      return threadDetail(scope, c.var.tenant.name, thread);
    }));
    return c.json(body, 201);
  });

  router.openapi(threadMessagesRoute, async (c) => {
    const { premiseId, threadId } = c.req.valid('param');
    const body = await withResident(deps, c, async (scope) => {
      requireAccess(scope.resident, premiseId, 'threads.use');
      return threadDetail(scope, c.var.tenant.name, await threadOfPremise(scope, premiseId, threadId));
    });
    return c.json(body, 200);
  });

  router.openapi({ ...postMessageRoute, middleware: uploadMiddleware() }, async (c) => {
    const { premiseId, threadId } = c.req.valid('param');
    const form = c.req.valid('form');
    const body = await changingFiles(deps, (files) => withResident(deps, c, async (scope) => {
      requireAccess(scope.resident, premiseId, 'threads.use');
      const thread = await threadOfPremise(scope, premiseId, threadId);
      const file = await readUpload(form.file);
      await addResidentMessage(scope.trx, files, scope.tenantId, thread, { userId: scope.resident.userId, body: form.body, file }, scope.now);
      return threadDetail(scope, c.var.tenant.name, thread);
    }));
    return c.json(body, 201);
  });

  router.openapi(messageFileRoute, async (c) => {
    const { premiseId, threadId, messageId } = c.req.valid('param');
    const file = await withResident(deps, c, async (scope) => {
      requireAccess(scope.resident, premiseId, 'threads.use');
      const thread = await threadOfPremise(scope, premiseId, threadId);
      const fileId = isUuid(messageId) ? await messageFileId(scope.trx, thread.id, messageId) : undefined;
      const opened = fileId ? await openStoredFile(scope.trx, deps.files, fileId, c.req.header('range')) : undefined;
      if (!opened) throw notFound();
      return opened;
    });
    return fileDownload(c, file);
  });

  return router;
}
