/**
 * @module
 * Every feature's router, mounted under /v1/{tenant}. One line per feature, so that features
 * developed side by side merge without conflicts (git merges this file as a union).
 */
import type { AppDeps } from './deps.ts';
import { authRouter } from './auth/auth.handlers.ts';
import { meRouter } from './me/me.handlers.ts';
import { membersRouter } from './members/members.handlers.ts';
import { invitationsRouter } from './members/invitations.handlers.ts';
import { readingsRouter } from './readings/readings.handlers.ts';
import { noticesRouter } from './notices/notices.handlers.ts';
import { documentsRouter } from './documents/documents.handlers.ts';
import { threadsRouter } from './threads/threads.handlers.ts';
import { invoicesRouter } from './invoices/invoices.handlers.ts';
import { registrationRouter } from './registration/registration.handlers.ts';
import { profileRouter } from './profile/profile.handlers.ts';
import { oidcRouter } from './oidc/oidc.handlers.ts';

export const featureRouters = (deps: AppDeps) => [
  authRouter(deps),
  meRouter(deps),
  membersRouter(deps),
  invitationsRouter(deps),
  readingsRouter(deps),
  noticesRouter(deps),
  documentsRouter(deps),
  threadsRouter(deps),
  invoicesRouter(deps),
  registrationRouter(deps),
  profileRouter(deps),
  oidcRouter(deps),
];
