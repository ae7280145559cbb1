/**
 * @module
 * The session model, in one file.
 *
 * A login creates a session row and hands the widget two things:
 *
 * - an access token: a JWT valid for at most five minutes. It travels in the Authorization header
 *   on every call. It is short so that a stolen one is worth little; every request also checks
 *   that its session is still alive, so logout and password changes take effect at once.
 * - a refresh token: 32 random bytes, stored only as a SHA-256 hash. The widget trades it for a
 *   new pair before the access token expires. Each trade *rotates* it: the presented token is
 *   marked superseded and a new one is issued. A superseded token presented again can only mean
 *   that two parties hold it (a thief replaying a stolen token, or the owner after the thief has
 *   used it first); we cannot tell which is which, so the whole session is revoked and both must
 *   log in again.
 *
 * "Remember me" sessions slide for 30 days from the last use, capped at 90 days from login; the
 * widget keeps their refresh token in localStorage. Others slide for 12 hours (capped at 24) and
 * the widget keeps them in sessionStorage, so they end with the tab.
 *
 * Cookies are deliberately not used: the widgets run on the manager's site, a different site from
 * the API, where Safari and Firefox block third-party cookies.
 */
import type { Tx } from '../db/database.ts';
import type { GrantRole, Right } from '../db/types.ts';
import type { Grant } from '../rights/rights.ts';
import { randomToken, sha256Hex, type AuthLevel } from './tokens.ts';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

export const SESSION_LIFETIMES = {
  remember: { sliding: 30 * DAY, absolute: 90 * DAY },
  tab: { sliding: 12 * HOUR, absolute: 24 * HOUR },
} as const;

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
  remember: boolean;
  authLevel: AuthLevel;
}

export async function createSession(
  trx: Tx,
  input: { tenantId: string; userId: string; remember: boolean; authLevel: AuthLevel; now: Date },
): Promise<IssuedSession> {
  const lifetime = input.remember ? SESSION_LIFETIMES.remember : SESSION_LIFETIMES.tab;
  const expiresAt = new Date(input.now.getTime() + lifetime.sliding);
  const session = await trx
    .insertInto('sessions')
    .values({
      tenant_id: input.tenantId,
      user_id: input.userId,
      auth_level: input.authLevel,
      remember: input.remember,
      created_at: input.now,
      last_used_at: input.now,
      expires_at: expiresAt,
      absolute_expires_at: new Date(input.now.getTime() + lifetime.absolute),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const refreshToken = await issueRefreshToken(trx, input.tenantId, session.id, input.now);
  return { sessionId: session.id, refreshToken, expiresAt, remember: input.remember, authLevel: input.authLevel };
}

async function issueRefreshToken(trx: Tx, tenantId: string, sessionId: string, now: Date): Promise<string> {
  const token = randomToken();
  await trx
    .insertInto('refresh_tokens')
    .values({ token_hash: await sha256Hex(token), tenant_id: tenantId, session_id: sessionId, created_at: now })
    .execute();
  return token;
}

export type RotateResult =
  | { ok: true; session: IssuedSession; userId: string }
  | { ok: false; reason: 'unknown' | 'reused' | 'expired' | 'revoked' };

/**
 * Trades a refresh token for a new one. The superseding UPDATE is conditional, so of two
 * concurrent trades of the same token exactly one wins; the other counts as reuse.
 */
export async function rotateRefreshToken(trx: Tx, tenantId: string, presented: string, now: Date): Promise<RotateResult> {
  const hash = await sha256Hex(presented);
  const found = await trx
    .selectFrom('refresh_tokens as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .select(['r.session_id', 'r.superseded_at', 's.user_id', 's.remember', 's.auth_level', 's.expires_at', 's.absolute_expires_at', 's.revoked_at'])
    .where('r.token_hash', '=', hash)
    .where('r.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!found) return { ok: false, reason: 'unknown' };
  if (found.revoked_at) return { ok: false, reason: 'revoked' };
  if (found.expires_at <= now || found.absolute_expires_at <= now) return { ok: false, reason: 'expired' };

  const superseded = found.superseded_at
    ? undefined
    : await trx
        .updateTable('refresh_tokens')
        .set({ superseded_at: now })
        .where('token_hash', '=', hash)
        .where('superseded_at', 'is', null)
        .returning('token_hash')
        .executeTakeFirst();
  if (!superseded) {
    await revokeSession(trx, found.session_id, 'refresh_token_reused', now);
    return { ok: false, reason: 'reused' };
  }

  const lifetime = found.remember ? SESSION_LIFETIMES.remember : SESSION_LIFETIMES.tab;
  const expiresAt = new Date(Math.min(now.getTime() + lifetime.sliding, found.absolute_expires_at.getTime()));
  await trx.updateTable('sessions').set({ last_used_at: now, expires_at: expiresAt }).where('id', '=', found.session_id).execute();
  const refreshToken = await issueRefreshToken(trx, tenantId, found.session_id, now);
  return {
    ok: true,
    userId: found.user_id,
    session: { sessionId: found.session_id, refreshToken, expiresAt, remember: found.remember, authLevel: found.auth_level },
  };
}

export async function revokeSession(trx: Tx, sessionId: string, reason: string, now: Date): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of a user, except `keepSessionId` when given. */
export async function revokeUserSessions(trx: Tx, userId: string, reason: string, now: Date, keepSessionId?: string): Promise<number> {
  let query = trx
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** Revokes the session a refresh token belongs to (logout without a live access token). */
export async function revokeByRefreshToken(trx: Tx, tenantId: string, presented: string, now: Date): Promise<void> {
  const row = await trx
    .selectFrom('refresh_tokens')
    .select('session_id')
    .where('token_hash', '=', await sha256Hex(presented))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (row) await revokeSession(trx, row.session_id, 'logout', now);
}

/** A session that may still be used, with its user. */
export interface LiveSession {
  session_id: string;
  auth_level: AuthLevel;
  expires_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  id: string;
  email: string;
  name: string;
  language: 'lv' | 'en' | 'ru';
  status: 'pending' | 'active' | 'disabled';
  must_change_password: boolean;
  phone: string | null;
}

/** One row of liveSessionRows: the session and user, and one of the user's grants (or none). */
export interface LiveSessionRow extends LiveSession {
  grant_premise_id: string | null;
  grant_role: GrantRole | null;
  grant_rights: Right[] | null;
}

/**
 * The statement every resident request starts with, in its transaction as doorstep_app (row-level
 * security scopes it to the tenant): the session, its user and the user's grants, one row per
 * grant (one row with null grant columns when there is none).
 *
 * A grant that has expired at `now` (a proxy's authorisation that ran out) is not joined at all:
 * it opens nothing, exactly as if it had been revoked. The time is the request clock's, not the
 * database's now(), so the demo's frozen clock and the tests' clock decide alike.
 */
export function liveSessionRows(trx: Tx, sessionId: string, userId: string, now: Date): Promise<LiveSessionRow[]> {
  return trx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('grants as g', (join) =>
      join.onRef('g.user_id', '=', 'u.id').on((eb) => eb.or([eb('g.expires_at', 'is', null), eb('g.expires_at', '>', now)])),
    )
    .select([
      's.id as session_id',
      's.auth_level',
      's.expires_at',
      's.absolute_expires_at',
      's.revoked_at',
      'u.id',
      'u.email',
      'u.name',
      'u.language',
      'u.status',
      'u.must_change_password',
      'u.phone',
      'g.premise_id as grant_premise_id',
      'g.role as grant_role',
      'g.rights as grant_rights',
    ])
    .where('s.id', '=', sessionId)
    .where('s.user_id', '=', userId)
    .execute();
}

/**
 * The live session and the grants from liveSessionRows' rows; undefined when the session
 * does not exist, was revoked (logout), has expired at `now`, or its user is not active.
 */
export function liveSessionOf(rows: readonly LiveSessionRow[], now: Date): { user: LiveSession; grants: Grant[] } | undefined {
  const row = rows[0];
  if (!row || row.revoked_at || row.expires_at <= now || row.absolute_expires_at <= now || row.status !== 'active') return undefined;
  const { grant_premise_id: _p, grant_role: _r, grant_rights: _g, ...user } = row;
  const grants: Grant[] = [];
  for (const r of rows) {
    if (r.grant_premise_id && r.grant_role) grants.push({ premiseId: r.grant_premise_id, role: r.grant_role, rights: r.grant_rights ?? [] });
  }
  return { user, grants };
}
