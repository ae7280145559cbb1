/**
 * @module
 * The audit log: who changed whose access, and when. Entries are written inside the transaction
 * of the change itself, so a change that rolls back leaves no entry and a committed one always
 * has its entry. The time is the request clock's, like everything else the request writes.
 */
import type { Tx } from '../db/database.ts';

/**
 * The actions written today. `grant.*` concern a member's access to one premise;
 * `invitation.*` the invitation that leads to it.
 */
export type AuditAction =
  | 'grant.given'
  | 'grant.changed'
  | 'grant.removed'
  | 'invitation.sent'
  | 'invitation.revoked'
  | 'invitation.accepted';

/** What a manager's caller did through the admin or operator API: `admin.key.created`, … */
export type AdminAuditAction = `admin.${string}`;

export interface AuditEntry {
  tenantId: string;
  /** The user who did it; null for the system and for a manager's key or the operator. */
  actorId: string | null;
  /** Who else it was, when not a resident user or the system. */
  actorKind?: 'api_key' | 'operator' | 'staff';
  /** The API key that made the change (actorKind `api_key`). */
  apiKeyId?: string | null;
  action: AuditAction | AdminAuditAction;
  target: { type: string; id: string };
  /** What changed (premise, rights before/after, email); never secrets or tokens. */
  details: Record<string, unknown>;
  at: Date;
}

export async function recordAudit(trx: Tx, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_id: entry.actorId,
      actor_kind: entry.actorKind ?? (entry.actorId ? 'user' : 'system'),
      api_key_id: entry.apiKeyId ?? null,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      details: JSON.stringify(entry.details),
      created_at: entry.at,
    })
    .execute();
}
