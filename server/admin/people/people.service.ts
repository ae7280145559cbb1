/**
 * @module
 * Accounts and grants as the admin API shows them (camelCase, ISO dates), from the repository's
 * rows. A grant shows what it lets the person do with the same rulebook the resident side uses
 * (rights/rights.ts), and whether it is still in force (grant-rules.ts).
 */
import { effectiveRights } from '../../rights/rights.ts';
import { grantStatus } from './grant-rules.ts';
import type { AccountRow, GrantRow } from './people.repository.ts';

export function userView(row: AccountRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    language: row.language,
    status: row.status,
    mustChangePassword: row.must_change_password,
    personalCodeSet: row.personal_code_hash !== null,
    emailConfirmedAt: row.email_confirmed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function grantView(row: GrantRow, now: Date) {
  return {
    id: row.id,
    premise: { id: row.premise_id, externalRef: row.premise_external_ref, label: row.premise_label },
    user: { id: row.user_id, email: row.user_email, name: row.user_name, status: row.user_status },
    role: row.role,
    rights: effectiveRights({ premiseId: row.premise_id, role: row.role, rights: row.rights }),
    authorizationRef: row.authorization_ref,
    expiresAt: row.expires_at?.toISOString() ?? null,
    status: grantStatus(row, now),
    grantedAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit log keeps of a grant's terms (never anything secret). */
export const grantTermsForAudit = (row: Pick<GrantRow, 'role' | 'rights' | 'authorization_ref' | 'expires_at'>) => ({
  role: row.role,
  rights: row.rights,
  authorizationRef: row.authorization_ref,
  expiresAt: row.expires_at?.toISOString() ?? null,
});
