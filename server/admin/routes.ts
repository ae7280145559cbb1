/**
 * @module
 * Every admin router, mounted under /v1/{tenant}/admin behind readAdminCaller. One line per
 * router, so features developed side by side merge without conflicts (git merges this file as a
 * union, like server/routes.ts).
 */
import type { AppDeps } from '../deps.ts';
import { keysRouter } from './keys.handlers.ts';
import { settingsRouter } from './settings/settings.handlers.ts';
import { registryRouter } from './registry/registry.handlers.ts';
import { metersRouter } from './registry/meters.handlers.ts';
import { readingWindowsRouter } from './readings/reading-windows.handlers.ts';
import { adminReadingsRouter } from './readings/readings.handlers.ts';
import { usersRouter } from './people/users.handlers.ts';
import { grantsRouter } from './people/grants.handlers.ts';
import { residentSearchRouter } from './people/search.handlers.ts';
import { importsRouter } from './imports/imports.handlers.ts';
import { adminInvoicesRouter } from './invoices/invoices.handlers.ts';
import { adminNoticesRouter } from './notices/notices.handlers.ts';
import { adminDocumentsRouter } from './documents/documents.handlers.ts';
import { adminThreadsRouter } from './threads/threads.handlers.ts';
import { adminJobsRouter } from './jobs/jobs.handlers.ts';
import { adminStaffRouter } from './staff/staff.handlers.ts';
import { oidcProvidersRouter } from './oidc-providers/oidc-providers.handlers.ts';
import { adminWebhooksRouter } from './webhooks/webhooks.handlers.ts';

export const adminRouters = (deps: AppDeps) => [
  keysRouter(deps),
  settingsRouter(deps),
  registryRouter(deps),
  metersRouter(deps),
  readingWindowsRouter(deps),
  adminReadingsRouter(deps),
  usersRouter(deps),
  grantsRouter(deps),
  residentSearchRouter(deps),
  importsRouter(deps),
  adminInvoicesRouter(deps),
  adminNoticesRouter(deps),
  adminDocumentsRouter(deps),
  adminThreadsRouter(deps),
  adminJobsRouter(deps),
  adminStaffRouter(deps),
  oidcProvidersRouter(deps),
  adminWebhooksRouter(deps),
];
