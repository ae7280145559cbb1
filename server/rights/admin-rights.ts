/**
 * @module
 * The one place that decides what a manager's caller may do, as rights.ts does for residents.
 *
 * Callers of the admin routes (`/v1/{tenant}/admin/…`):
 * - an API key (`dsk_…`) of the tenant, for the manager's billing system and the CLI. Its scopes
 *   are separate on purpose: `read` lets it see and export (personal data), `write` lets it
 *   change things; a key that only uploads invoices need not be able to export everyone's
 *   readings. Managing keys needs `write`, so a read-only key cannot mint itself a stronger one.
 * - staff in the console (issue #14), with role `admin` (everything) or `staff` (day-to-day work:
 *   no keys, no settings, no staff accounts).
 *
 * The operator (`/v1/operator/…`) is a caller of its own routes only and never reaches a tenant's
 * admin routes with its token: it creates a tenant and hands the manager the first key.
 */
import type { ApiKeyScope } from '../db/types.ts';

export type AdminAction = 'read' | 'write' | 'keys.manage' | 'settings.write' | 'staff.manage';

export type AdminCaller =
  | { kind: 'api_key'; keyId: string; scopes: readonly ApiKeyScope[] }
  | { kind: 'staff'; staffId: string; sessionId: string; role: 'admin' | 'staff'; mustChangePassword?: boolean };

export const ALL_ADMIN_ACTIONS: readonly AdminAction[] = ['read', 'write', 'keys.manage', 'settings.write', 'staff.manage'];

const KEY_NEEDS: Record<AdminAction, ApiKeyScope> = {
  read: 'read',
  write: 'write',
  'keys.manage': 'write',
  'settings.write': 'write',
  'staff.manage': 'write',
};

const STAFF_MAY: Record<AdminAction, boolean> = {
  read: true,
  write: true,
  'keys.manage': false,
  'settings.write': false,
  'staff.manage': false,
};

export type AdminDecision = 'allow' | 'insufficient_scope' | 'password_change_required';

/**
 * Whether the caller may do `action`. Staff whose password an admin reset hold a temporary one:
 * until they have chosen their own (POST /staff/password) their session opens no admin route.
 */
export function decideAdmin(caller: AdminCaller, action: AdminAction): AdminDecision {
  if (caller.kind === 'api_key') return caller.scopes.includes(KEY_NEEDS[action]) ? 'allow' : 'insufficient_scope';
  if (caller.mustChangePassword) return 'password_change_required';
  return caller.role === 'admin' || STAFF_MAY[action] ? 'allow' : 'insufficient_scope';
}

export function mayAdmin(caller: AdminCaller, action: AdminAction): boolean {
  return decideAdmin(caller, action) === 'allow';
}

/** What `staff.manage` does to one staff account. */
export type StaffChange = 'role' | 'disable' | 'password_reset' | 'totp_reset';

/**
 * Whether a caller who may `staff.manage` may make `change` to the account `staffId`. Staff admins
 * never do it to their own account: demoting or disabling themselves could leave the tenant
 * without an admin, and their own password and authenticator have their own ways (the password
 * change that asks for the current one; an admin colleague or the operator for a lost phone), so
 * a stolen console session cannot swap the password or the second factor of its victim.
 */
export function mayChangeStaff(caller: AdminCaller, staffId: string, _change: StaffChange): boolean {
  return !(caller.kind === 'staff' && caller.staffId === staffId);
}
