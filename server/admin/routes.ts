/**
 * @module
 * Every admin router, mounted under /v1/{tenant}/admin behind readAdminCaller. One line per
 * router, so features developed side by side merge without conflicts (git merges this file as a
 * union, like server/routes.ts).
 */
import type { AppDeps } from '../deps.ts';
import { keysRouter } from './keys.handlers.ts';
import { adminInvoicesRouter } from './invoices/invoices.handlers.ts';
import { adminNoticesRouter } from './notices/notices.handlers.ts';
import { adminDocumentsRouter } from './documents/documents.handlers.ts';
import { adminThreadsRouter } from './threads/threads.handlers.ts';

export const adminRouters = (deps: AppDeps) => [
  keysRouter(deps),
  adminInvoicesRouter(deps),
  adminNoticesRouter(deps),
  adminDocumentsRouter(deps),
  adminThreadsRouter(deps),
];
