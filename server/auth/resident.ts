/**
 * @module
 * Who is calling. `readBearer` turns an Authorization header into verified claims (or a 401);
 * `withResident` runs a handler inside the tenant's transaction with the live session, the user
 * and the user's grants loaded, and, for a route about one premise, with the access decided
 * before the handler runs; `requireAccess` asks the rights module about one premise.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import { ApiError, forbidden, notFound, unauthorized } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { decide, type Action, type Grant } from '../rights/rights.ts';
import { isUuid } from '../http/ids.ts';
import { liveSessionOf, liveSessionRows, type LiveSession, type LiveSessionRow } from './sessions.ts';
import { verifyAccessToken } from './tokens.ts';

/** Verifies a Bearer token when one is sent; a bad one answers 401 at once. */
export function readBearer(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    // An admin route's caller was verified by its API key (admin/admin-caller.ts).
    if (header && !c.get('admin')) {
      const match = /^Bearer ([A-Za-z0-9_.~+/=-]{1,4096})$/.exec(header);
      const claims = match?.[1] ? await verifyAccessToken(deps.keys, match[1], c.get('tenant').id, c.get('clock').now()) : null;
      if (!claims) throw unauthorized('The access token is missing, expired or not valid here.');
      c.set('claims', claims);
    }
    await next();
  };
}

export interface Resident {
  userId: string;
  sessionId: string;
  authLevel: 'basic' | 'strong';
  user: LiveSession;
  grants: Map<string, Grant>;
}

export interface ResidentScope {
  trx: Tx;
  resident: Resident;
  tenantId: string;
  now: Date;
}

export interface ResidentOptions {
  allowPendingPasswordChange?: boolean;
}

/**
 * Runs `fn` in the tenant's transaction as the live resident. Session, user and grants are read
 * afresh on every request, in the request's own transaction: logout and changed rights apply to
 * the very next request.
 */
export async function withResident<T>(
  deps: AppDeps,
  c: Context<AppEnv>,
  fn: (scope: ResidentScope) => Promise<T>,
  options: ResidentOptions = {},
): Promise<T> {
  const { claims, tenantId, now } = callerOf(c);
  return deps.database.withTenant(tenantId, async (trx) => {
    const resident = residentOf(await liveSessionRows(trx, claims.sessionId, claims.userId, now), now, options);
    return fn({ trx, resident, tenantId, now });
  });
}

/**
 * withResident for a route about one premise: the access to it is decided (404/403) before `fn`
 * runs, so no handler reads a premise's rows before its rights are known. `fn` gets the grant.
 */
export function withPremiseAccess<T>(
  deps: AppDeps,
  c: Context<AppEnv>,
  access: { premiseId: string; action: Action },
  fn: (scope: ResidentScope & { grant: Grant }) => Promise<T>,
): Promise<T> {
  return withResident(deps, c, (scope) => fn({ ...scope, grant: requireAccess(scope.resident, access.premiseId, access.action) }));
}

function callerOf(c: Context<AppEnv>) {
  // c.get, not c.var: Hono builds a new object of all variables on every c.var.
  const claims = c.get('claims');
  if (!claims) throw unauthorized();
  // Our own signed ids; no session has any other shape, and Postgres would refuse one as a uuid.
  if (!isUuid(claims.sessionId) || !isUuid(claims.userId)) throw unauthorized('The session has ended. Log in again.');
  return { claims, tenantId: c.get('tenant').id, now: c.get('clock').now() };
}

/** The resident behind liveSessionRows' rows, or the 401/403 that ends the request. */
function residentOf(rows: readonly LiveSessionRow[], now: Date, options: { allowPendingPasswordChange?: boolean }): Resident {
  const live = liveSessionOf(rows, now);
  if (!live) throw unauthorized('The session has ended. Log in again.');
  const { user } = live;
  if (user.must_change_password && !options.allowPendingPasswordChange) {
    throw new ApiError(403, 'password_change_required', 'Change the temporary password first.');
  }
  const grants = new Map(live.grants.map((g) => [g.premiseId, g]));
  return { userId: user.id, sessionId: user.session_id, authLevel: user.auth_level, user, grants };
}

/**
 * The grant that allows `action` on the premise; 404 when the premise is not the user's (or does
 * not exist, or the id is not even a UUID), 403 when it is visible but the right is missing.
 */
export function requireAccess(resident: Resident, premiseId: string, action: Action): Grant {
  const grant = resident.grants.get(premiseId);
  const decision = decide(grant, action);
  if (decision === 'not_found' || !grant) throw notFound();
  if (decision === 'forbidden') throw forbidden('forbidden', 'Your rights on this address do not include this.');
  return grant;
}
