/**
 * @module
 * The staff session model, in one file.
 *
 * Staff log in in two steps, and each step has its own kind of token:
 *
 * - the right email and password give a *login token* (`dsc_…`, stage `password`) that opens one
 *   thing only, the TOTP step, for five minutes. An account that has no TOTP key yet gets its
 *   new key with it (kept on the session row until a first code confirms it).
 * - the right code (or an unused recovery code) trades it for a *staff token* (`dss_…`, stage
 *   `active`), the console's credential for the admin routes. It slides for 30 minutes of
 *   inactivity and ends 12 hours after login at the latest: staff sessions are short, because a
 *   console left open on a shared office computer opens every resident's data.
 *
 * Both are 32 random bytes stored only as SHA-256, like API keys, and checked against the
 * database on every request, so logout and disabling an account take effect at once. They are
 * deliberately not the residents' JWTs: a resident token and a staff token are different things
 * (different tables, prefixes and checks), so neither can open the other's routes.
 */
import type { Tx } from '../db/database.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import type { AdminCaller } from '../rights/admin-rights.ts';

const MINUTE = 60 * 1000;
export const STAFF_SESSION_LIFETIMES = {
  password: { sliding: 5 * MINUTE, absolute: 5 * MINUTE },
  active: { sliding: 30 * MINUTE, absolute: 12 * 60 * MINUTE },
} as const;

export type StaffStage = keyof typeof STAFF_SESSION_LIFETIMES;
const PREFIX: Record<StaffStage, string> = { password: 'dsc_', active: 'dss_' };

/** Whether a bearer token is shaped like a staff token (the admin routes then look for a session). */
export const looksLikeStaffToken = (token: string) => token.startsWith(PREFIX.active);

export async function createStaffSession(
  trx: Tx,
  input: { tenantId: string; staffId: string; stage: StaffStage; pendingTotpSecret?: string; now: Date },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const lifetime = STAFF_SESSION_LIFETIMES[input.stage];
  const token = PREFIX[input.stage] + randomToken();
  const expiresAt = new Date(input.now.getTime() + lifetime.sliding);
  const row = await trx
    .insertInto('staff_sessions')
    .values({
      tenant_id: input.tenantId,
      staff_id: input.staffId,
      token_hash: await sha256Hex(token),
      stage: input.stage,
      pending_totp_secret: input.pendingTotpSecret ?? null,
      created_at: input.now,
      last_used_at: input.now,
      expires_at: expiresAt,
      absolute_expires_at: new Date(input.now.getTime() + lifetime.absolute),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id, expiresAt };
}

/**
 * The live session of `stage` that `token` belongs to, with its account (active accounts only),
 * or undefined. Hashes whatever came, so a malformed token costs what a real one does.
 */
export async function findLiveStaffSession(trx: Tx, token: string, stage: StaffStage, now: Date) {
  const hash = await sha256Hex(token);
  const row = await trx
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_accounts as a', 'a.id', 's.staff_id')
    .select(['s.id as session_id', 's.stage', 's.pending_totp_secret', 's.expires_at', 's.absolute_expires_at', 's.revoked_at', 'a.id as staff_id', 'a.role', 'a.status', 'a.must_change_password'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || !token.startsWith(PREFIX[stage]) || row.stage !== stage || row.revoked_at || row.status !== 'active') return undefined;
  if (row.expires_at <= now || row.absolute_expires_at <= now) return undefined;
  return row;
}

/** Slides an active session's idle expiry forward (never past its absolute end). */
export async function touchStaffSession(trx: Tx, session: { session_id: string; absolute_expires_at: Date }, now: Date): Promise<Date> {
  const expiresAt = new Date(Math.min(now.getTime() + STAFF_SESSION_LIFETIMES.active.sliding, session.absolute_expires_at.getTime()));
  await trx.updateTable('staff_sessions').set({ last_used_at: now, expires_at: expiresAt }).where('id', '=', session.session_id).execute();
  return expiresAt;
}

export async function revokeStaffSession(trx: Tx, sessionId: string, now: Date): Promise<void> {
  await trx.updateTable('staff_sessions').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
}

/** Ends every session of the account, but `keep` (the one changing its own password). */
export async function revokeStaffSessionsOf(trx: Tx, staffId: string, now: Date, keep?: string): Promise<void> {
  let query = trx.updateTable('staff_sessions').set({ revoked_at: now }).where('staff_id', '=', staffId).where('revoked_at', 'is', null);
  if (keep) query = query.where('id', '<>', keep);
  await query.execute();
}

/**
 * The admin caller behind a staff token (admin/admin-caller.ts), its idle expiry slid forward; or
 * undefined for a token that is not a live staff session of this tenant (row-level security
 * hides every other tenant's sessions).
 */
export async function staffCallerFor(trx: Tx, token: string, now: Date): Promise<AdminCaller | undefined> {
  const session = await findLiveStaffSession(trx, token, 'active', now);
  if (!session) return undefined;
  await touchStaffSession(trx, session, now);
  return { kind: 'staff', staffId: session.staff_id, sessionId: session.session_id, role: session.role, mustChangePassword: session.must_change_password };
}
