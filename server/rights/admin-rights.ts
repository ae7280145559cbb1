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
  | { kind: 'staff'; staffId: string; sessionId: string; role: 'admin' | 'staff' };

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

export function mayAdmin(caller: AdminCaller, action: AdminAction): boolean {
  if (caller.kind === 'api_key') return caller.scopes.includes(KEY_NEEDS[action]);
  return caller.role === 'admin' || STAFF_MAY[action];
}
