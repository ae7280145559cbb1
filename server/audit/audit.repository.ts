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

export interface AuditEntry {
  tenantId: string;
  /** The user who did it; null for the system. */
  actorId: string | null;
  action: AuditAction;
  target: { type: 'grant' | 'invitation' | 'user'; id: string };
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
      actor_kind: entry.actorId ? 'user' : 'system',
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      details: JSON.stringify(entry.details),
      created_at: entry.at,
    })
    .execute();
}
