/**
 * @module
 * Who is calling an admin route (`/v1/{tenant}/admin/…`), and the transaction its work runs in.
 *
 * `readAdminCaller` authenticates before anything else of the request is looked at (so a caller
 * without a key learns nothing from validation answers): `Authorization: Bearer dsk_…` must be a
 * live key of this very tenant, or `Bearer dss_…` a live staff session of it (staff in the
 * console, staff/staff-sessions.ts; a dead one answers 401 `invalid_staff_session`, so the
 * console knows to log in again). A missing header answers 401 `unauthorized`; a malformed,
 * unknown, revoked, expired or other tenant's key answers one and the same 401
 * `invalid_api_key`, after the same work (a hash and one indexed lookup), so neither the body nor
 * the time tells which it was. A resident's access token is not a key and is refused the same way.
 *
 * Each admin route names what it does in its contract, `middleware: adminAction('write')`, which
 * asks admin-rights whether the caller may (403 `insufficient_scope` otherwise) before the body is
 * even validated. `withAdmin` then runs the handler in the tenant's transaction under row-level
 * security, with `audit()` writing the audit log in that same transaction; it refuses to run on a
 * route that declared no action, so no admin route can forget the check.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { TenantTransactionSettings, Tx } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import { changingFiles, type FileChanges } from '../files/stored-files.ts';
import { recordAudit, type AdminAuditAction } from '../audit/audit.repository.ts';
import { ApiError, unauthorized } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { decideAdmin, type AdminAction, type AdminCaller } from '../rights/admin-rights.ts';
import { apiKeyHash, looksLikeApiKey } from './api-keys.ts';
import { findApiKeyByHash, touchApiKey } from './api-keys.repository.ts';
import { looksLikeStaffToken, staffCallerFor } from '../staff/staff-sessions.ts';

const BEARER = /^Bearer (\S{1,4096})$/;
const invalidStaffSession = () => new ApiError(401, 'invalid_staff_session', 'The session has ended. Log in again.');
const invalidKey = () => new ApiError(401, 'invalid_api_key', 'The API key is not valid for this manager.');

export function readAdminCaller(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('Send an API key: Authorization: Bearer dsk_…');
    const presented = BEARER.exec(header)?.[1] ?? '';
    const tenant = c.get('tenant');
    const now = c.get('clock').now();
    // Hash whatever came, so a malformed key costs what a real one does.
    const hash = await apiKeyHash(presented);
    const staff = looksLikeStaffToken(presented);
    const caller = await deps.database.withTenant(tenant.id, async (trx) => {
      if (staff) return staffCallerFor(trx, presented, now);
      const key = await findApiKeyByHash(trx, hash);
      if (!key || !looksLikeApiKey(presented) || key.revoked_at || (key.expires_at && key.expires_at <= now)) return undefined;
      await touchApiKey(trx, key.id, now);
      return { kind: 'api_key', keyId: key.id, scopes: key.scopes } satisfies AdminCaller;
    });
    if (!caller) throw staff ? invalidStaffSession() : invalidKey();
    c.set('admin', caller);
    await next();
  };
}

export interface AdminScope {
  trx: Tx;
  tenant: Tenant;
  tenantId: string;
  caller: AdminCaller;
  now: Date;
  /** The files this change writes and drops (files/stored-files.ts), cleaned up with its outcome. */
  files: FileChanges;
  /** The caller as a stored file's uploader: 'api_key:<id>' or 'staff:<id>'. */
  uploadedBy: string;
  /** Writes the audit log entry of this change, in the change's own transaction. */
  audit(action: AdminAuditAction, target: { type: string; id: string }, details?: Record<string, unknown>): Promise<void>;
}

export const passwordChangeRequired = () =>
  new ApiError(403, 'password_change_required', 'Your password was reset: choose a password of your own first.');

export const insufficientScope = () => new ApiError(403, 'insufficient_scope', 'This key or account may not do this.');

/** The admin caller of the request; only on routes behind readAdminCaller. */
export function adminCallerOf(c: Context<AppEnv>): AdminCaller {
  const caller = c.get('admin');
  if (!caller) throw unauthorized();
  return caller;
}

/** Route middleware: the caller must be allowed `action` (see rights/admin-rights.ts). */
export function adminAction(action: AdminAction): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = decideAdmin(adminCallerOf(c), action);
    if (decision === 'password_change_required') throw passwordChangeRequired();
    if (decision !== 'allow') throw insufficientScope();
    c.set('adminAction', action);
    await next();
  };
}

export async function withAdmin<T>(
  deps: AppDeps,
  c: Context<AppEnv>,
  fn: (scope: AdminScope) => Promise<T>,
  settings?: TenantTransactionSettings,
): Promise<T> {
  const caller = adminCallerOf(c);
  const action = c.get('adminAction');
  if (!action) throw new Error(`admin route ${c.req.method} ${c.req.routePath} declares no adminAction`);
  const decision = decideAdmin(caller, action);
  if (decision === 'password_change_required') throw passwordChangeRequired();
  if (decision !== 'allow') throw insufficientScope();
  const tenant = c.get('tenant');
  const now = c.get('clock').now();
  const uploadedBy = caller.kind === 'api_key' ? `api_key:${caller.keyId}` : `staff:${caller.staffId}`;
  return changingFiles(deps, (files) => deps.database.withTenant(tenant.id, (trx) =>
    fn({
      trx,
      tenant,
      tenantId: tenant.id,
      caller,
      now,
      files,
      uploadedBy,
      audit: (auditAction, target, details = {}) =>
        recordAudit(trx, {
          tenantId: tenant.id,
          actorId: null,
          actorKind: caller.kind === 'api_key' ? 'api_key' : 'staff',
          apiKeyId: caller.kind === 'api_key' ? caller.keyId : null,
          action: auditAction,
          target,
          details: caller.kind === 'staff' ? { ...details, staffId: caller.staffId } : details,
          at: now,
        }),
    }),
    settings,
  ));
}
