/**
 * @module
 * The manager's rulebook for owner and proxy grants, free of HTTP and SQL.
 *
 * - `owner` is the contract holder: the access lasts until the manager revokes it (the apartment
 *   is sold), so it carries neither an authorisation nor an expiry.
 * - `proxy` is a person acting for the owner on a written authorisation, as at Ogre: "notariāli
 *   apstiprināta pilnvara". The manager must be able to show which document it was, so the
 *   reference is required; the authorisation may be limited in time, and from `expiresAt` on the
 *   grant opens nothing (the resident side never loads it: auth/sessions.ts LIVE_SESSION).
 * - A member (a sub-user an owner invited) is the owner's to manage; the manager may see and
 *   revoke one, and may turn it into an owner or proxy, but never creates members here.
 */
import type { GrantRole } from '../../db/types.ts';

export type ManagedRole = 'owner' | 'proxy';

export interface GrantRequest {
  role: ManagedRole;
  authorizationRef?: string | null | undefined;
  /** ISO instant, or null/undefined for no expiry. */
  expiresAt?: string | null | undefined;
}

/** What the grant becomes once the request is checked: the values to store. */
export interface GrantTerms {
  role: ManagedRole;
  authorizationRef: string | null;
  expiresAt: Date | null;
}

export type GrantCheck =
  | { ok: true; terms: GrantTerms }
  | { ok: false; status: 400; fields: Record<string, string> }
  | { ok: false; status: 422; code: 'expiry_in_past'; fields: Record<string, string> };

/** Checks a PUT body against the rulebook above at `now`. */
export function checkGrantRequest(request: GrantRequest, now: Date): GrantCheck {
  const authorizationRef = request.authorizationRef?.trim() || null;
  const expiresAt = request.expiresAt ? new Date(request.expiresAt) : null;
  const fields: Record<string, string> = {};
  if (request.role === 'owner') {
    if (authorizationRef) fields.authorizationRef = 'not_for_owner';
    if (expiresAt) fields.expiresAt = 'not_for_owner';
  } else if (!authorizationRef) {
    fields.authorizationRef = 'required';
  }
  if (Object.keys(fields).length > 0) return { ok: false, status: 400, fields };
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    return { ok: false, status: 422, code: 'expiry_in_past', fields: { expiresAt: 'in_past' } };
  }
  return { ok: true, terms: { role: request.role, authorizationRef, expiresAt } };
}

export interface StoredGrant {
  role: GrantRole;
  authorization_ref: string | null;
  expires_at: Date | null;
}

/** What a PUT does to the grant the user may already hold on the premise. */
export function grantChange(existing: StoredGrant | undefined, terms: GrantTerms): 'created' | 'updated' | 'unchanged' {
  if (!existing) return 'created';
  const same =
    existing.role === terms.role &&
    existing.authorization_ref === terms.authorizationRef &&
    (existing.expires_at?.getTime() ?? null) === (terms.expiresAt?.getTime() ?? null);
  return same ? 'unchanged' : 'updated';
}

export type GrantStatus = 'active' | 'expired';

/** Whether the grant still opens the premise at `now`; the same test LIVE_SESSION makes in SQL. */
export function grantStatus(grant: Pick<StoredGrant, 'expires_at'>, now: Date): GrantStatus {
  return grant.expires_at && grant.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
}
