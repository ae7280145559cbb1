/**
 * @module
 * Members (grants with the role `member`) and invitations (email_tokens with the purpose
 * `invitation`). Every function runs inside the caller's tenant transaction, so row-level
 * security scopes it to the tenant even where no tenant filter is written.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { isUuid } from '../http/ids.ts';
import type { Right } from '../db/types.ts';
import { readInvitationPayload, withoutPremise, type InvitationPayload } from './invitation-rules.ts';


export function membersOfPremise(trx: Tx, premiseId: string) {
  return trx
    .selectFrom('grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['u.id as user_id', 'u.email', 'u.name', 'g.rights', 'g.created_at', 'g.updated_at'])
    .where('g.premise_id', '=', premiseId)
    .where('g.role', '=', 'member')
    .orderBy('g.created_at')
    .orderBy('u.email')
    .execute();
}

export type MemberRow = Awaited<ReturnType<typeof membersOfPremise>>[number];

export function findMember(trx: Tx, premiseId: string, userId: string) {
  if (!isUuid(userId)) return Promise.resolve(undefined);
  return trx
    .selectFrom('grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.id as grant_id', 'u.id as user_id', 'u.email', 'u.name', 'g.rights', 'g.created_at', 'g.updated_at'])
    .where('g.premise_id', '=', premiseId)
    .where('g.user_id', '=', userId)
    .where('g.role', '=', 'member')
    .executeTakeFirst();
}

export function setMemberRights(trx: Tx, grantId: string, rights: Right[], now: Date) {
  return trx
    .updateTable('grants')
    .set({ rights, updated_at: now })
    .where('id', '=', grantId)
    .returning(['rights', 'created_at', 'updated_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteGrant(trx: Tx, grantId: string): Promise<void> {
  await trx.deleteFrom('grants').where('id', '=', grantId).execute();
}

export async function insertMemberGrant(
  trx: Tx,
  values: { tenantId: string; userId: string; premiseId: string; rights: Right[]; grantedBy: string; now: Date },
) {
  return trx
    .insertInto('grants')
    .values({
      tenant_id: values.tenantId,
      user_id: values.userId,
      premise_id: values.premiseId,
      role: 'member',
      rights: values.rights,
      granted_by: values.grantedBy,
      created_at: values.now,
      updated_at: values.now,
    })
    // An expired grant (a proxy whose authorisation ran out) opens nothing and gives way to the
    // new one; a grant in force is never overwritten here (the caller checked there is none).
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'premise_id'])
        .doUpdateSet({ role: 'member', rights: values.rights, granted_by: values.grantedBy, authorization_ref: null, expires_at: null, updated_at: values.now })
        .where('grants.expires_at', '<=', values.now),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** `email` in the stored normal form (requireEmailAddress): plain `=` is an index lookup. */
export function findUserByEmail(trx: Tx, email: string) {
  return trx.selectFrom('users').select(['id', 'email', 'name', 'language', 'status']).where('email', '=', email).executeTakeFirst();
}

export function premiseLabels(trx: Tx, premiseIds: string[]) {
  if (premiseIds.length === 0) return Promise.resolve([]);
  return trx.selectFrom('premises').select(['id', 'label']).where('id', 'in', premiseIds).orderBy('label').execute();
}

export interface InvitationRow {
  id: string;
  email: string;
  payload: InvitationPayload;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

function toInvitation(row: { id: string; email: string; payload: unknown; created_at: Date; expires_at: Date; used_at: Date | null }) {
  const payload = readInvitationPayload(row.payload);
  return payload ? { ...row, payload } : undefined;
}

/**
 * Invitations not used yet and not expired that cover the premise; optionally for one email (in
 * the stored normal form). Found through invitation_premises: the payload's list of premises
 * cannot be searched by index under row-level security (migration 0010).
 */
export async function pendingInvitations(trx: Tx, premiseId: string, now: Date, email?: string): Promise<InvitationRow[]> {
  let query = trx
    .selectFrom('invitation_premises as ip')
    .innerJoin('email_tokens as t', 't.id', 'ip.email_token_id')
    .select(['t.id', 't.email', 't.payload', 't.created_at', 't.expires_at', 't.used_at'])
    .where('ip.premise_id', '=', premiseId)
    .where('t.purpose', '=', 'invitation')
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', now)
    .orderBy('t.created_at');
  if (email) query = query.where('t.email', '=', email);
  const rows = await query.execute();
  return rows.map(toInvitation).filter((row): row is InvitationRow => row !== undefined);
}

export async function findInvitationByHash(trx: Tx, tokenHash: string): Promise<InvitationRow | undefined> {
  const row = await trx
    .selectFrom('email_tokens')
    .select(['id', 'email', 'payload', 'created_at', 'expires_at', 'used_at'])
    .where('purpose', '=', 'invitation')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** Stores the invitation and, one row each, the premises it covers (pendingInvitations finds them). */
export async function insertInvitation(
  trx: Tx,
  values: { tenantId: string; email: string; userId: string | null; tokenHash: string; payload: InvitationPayload; now: Date; expiresAt: Date },
) {
  const row = await trx
    .insertInto('email_tokens')
    .values({
      tenant_id: values.tenantId,
      purpose: 'invitation',
      token_hash: values.tokenHash,
      user_id: values.userId,
      email: values.email,
      payload: JSON.stringify(values.payload),
      expires_at: values.expiresAt,
      created_at: values.now,
    })
    .returning(['id', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  const premiseIds = [...new Set(values.payload.premiseIds)];
  await trx
    .insertInto('invitation_premises')
    .values(premiseIds.map((premiseId) => ({ tenant_id: values.tenantId, email_token_id: row.id, premise_id: premiseId })))
    .execute();
  return row;
}

/**
 * Marks the invitation used, only if it still is usable at `now`. Of two acceptances racing for
 * one link exactly one gets true (the other waits on the row lock, then finds it used): the
 * conditional UPDATE is what makes the link single-use.
 */
export async function claimInvitation(trx: Tx, id: string, now: Date): Promise<boolean> {
  const row = await trx
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Records which account an accepted invitation went to. */
export async function setInvitationUser(trx: Tx, id: string, userId: string): Promise<void> {
  await trx.updateTable('email_tokens').set({ user_id: userId }).where('id', '=', id).execute();
}

/**
 * Takes the premise out of an invitation; one left covering nothing is deleted, so its link is
 * no longer found. Returns whether the invitation still exists.
 */
export async function withdrawPremise(trx: Tx, invitation: InvitationRow, premiseId: string): Promise<boolean> {
  const rest = withoutPremise(invitation.payload, premiseId);
  if (rest.premiseIds.length === 0) {
    await trx.deleteFrom('email_tokens').where('id', '=', invitation.id).execute();
    return false;
  }
  await trx.updateTable('email_tokens').set({ payload: JSON.stringify(rest) }).where('id', '=', invitation.id).execute();
  await trx.deleteFrom('invitation_premises').where('email_token_id', '=', invitation.id).where('premise_id', '=', premiseId).execute();
  return true;
}

/** Invitations the user sent since `since`, counted from the audit log, which withdrawal does not shrink. */
export async function invitationsSentSince(trx: Tx, actorId: string, since: Date): Promise<number> {
  const row = await trx
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('actor_id', '=', actorId)
    .where('action', '=', 'invitation.sent')
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function userName(trx: Tx, userId: string) {
  return trx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
}
