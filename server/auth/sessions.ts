/**
 * @module
 * The session model, in one file.
 *
 * A login creates a session row (its id a UUIDv7, so that what a login writes does not grow with
 * the number of sessions: migration 0092) and hands the widget two things:
 *
 * - an access token: a JWT valid for at most five minutes. It travels in the Authorization header
 *   on every call. It is short so that a stolen one is worth little; every request also checks
 *   that its session is still alive, so logout and password changes take effect at once.
 * - a refresh token: its row's id and 32 random bytes, stored only as a SHA-256 hash. The widget trades it for a
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
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { GrantRole, Right } from '../db/types.ts';
import type { Grant } from '../rights/rights.ts';
import { uuidv7 } from './ids.ts';
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

/**
 * A refresh token: the UUIDv7 of its row, a dot, and 32 random bytes (base64url). The row is found
 * by the id, at the right edge of its index, and the whole token checked against the stored
 * SHA-256 hash (migration 0092). Tokens issued before 0092 are the random part alone, found by
 * their hash; each is traded for a new one at its next refresh.
 */
const WITH_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

async function newRefreshToken(): Promise<{ id: string; token: string; hash: string }> {
  const id = uuidv7();
  const token = `${id}.${randomToken()}`;
  return { id, token, hash: await sha256Hex(token) };
}

/**
 * The session row and its first refresh token, in one statement. The session is born with its
 * user's epoch (see revokeUserSessions), read in the same statement; for a user that does not
 * exist that is null and the NOT NULL column refuses the row, which is the check the foreign key
 * to users made before migration 0092, without its row lock.
 */
export async function createSession(
  trx: Tx,
  input: { tenantId: string; userId: string; remember: boolean; authLevel: AuthLevel; now: Date },
): Promise<IssuedSession> {
  const lifetime = input.remember ? SESSION_LIFETIMES.remember : SESSION_LIFETIMES.tab;
  const expiresAt = new Date(input.now.getTime() + lifetime.sliding);
  const sessionId = uuidv7();
  const refresh = await newRefreshToken();
  await trx
    .with('session', (db) =>
      db.insertInto('sessions').values({
        id: sessionId,
        tenant_id: input.tenantId,
        user_id: input.userId,
        auth_level: input.authLevel,
        remember: input.remember,
        created_at: input.now,
        last_used_at: input.now,
        expires_at: expiresAt,
        absolute_expires_at: new Date(input.now.getTime() + lifetime.absolute),
        epoch: sql<number>`(select session_epoch from users where id = ${input.userId})`,
        refresh_token_id: refresh.id,
      }),
    )
    .insertInto('refresh_tokens')
    .values({ id: refresh.id, token_hash: refresh.hash, tenant_id: input.tenantId, session_id: sessionId, created_at: input.now })
    .execute();
  return { sessionId, refreshToken: refresh.token, expiresAt, remember: input.remember, authLevel: input.authLevel };
}

/** The token's row (by its id, or for a token of before 0092 by its hash), its session and user. */
async function findRefreshToken(trx: Tx, tenantId: string, presented: string) {
  const id = WITH_ID.exec(presented)?.[1];
  const hash = await sha256Hex(presented);
  let query = trx
    .selectFrom('refresh_tokens as r')
    .innerJoin('sessions as s', 's.id', 'r.session_id')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['r.id as token_id', 'r.token_hash', 'r.session_id', 'r.superseded_at', 's.refresh_token_id as live_token_id'])
    .select(['s.remember', 's.auth_level', 's.expires_at', 's.absolute_expires_at', 's.revoked_at', 's.epoch'])
    .select(['u.id', 'u.email', 'u.name', 'u.language', 'u.must_change_password', 'u.status', 'u.session_epoch'])
    .where('r.tenant_id', '=', tenantId);
  query = id ? query.where('r.id', '=', id) : query.where('r.token_hash', '=', hash).where('r.id', 'is', null);
  const found = await query.executeTakeFirst();
  // Found by its id, the token is the one whose hash is stored, or it is a forgery of that id.
  return found && timingSafeEqual(Buffer.from(found.token_hash), Buffer.from(hash)) ? found : undefined;
}

export interface RefreshedUser {
  id: string;
  email: string;
  name: string;
  language: 'lv' | 'en' | 'ru';
  must_change_password: boolean;
}

export type RotateResult =
  | { ok: true; session: IssuedSession; user: RefreshedUser }
  | { ok: false; reason: 'unknown' | 'reused' | 'expired' | 'revoked' };

/**
 * Trades a refresh token for a new one. The session names its live token (sessions.refresh_token_id);
 * every other token of the session is superseded, and presenting one means that two parties hold
 * it: the session is revoked. The session's row is changed only if it still names the presented
 * token, so of two concurrent trades of the same token exactly one wins; the other counts as
 * reuse. A session whose user is no longer active is revoked.
 *
 * A session of before migration 0092 names no token: its live token is its token of the old
 * format that is not superseded_at. Its first trade makes it name the new token, which supersedes
 * every old one at once.
 */
export async function rotateRefreshToken(trx: Tx, tenantId: string, presented: string, now: Date): Promise<RotateResult> {
  const found = await findRefreshToken(trx, tenantId, presented);
  if (!found) return { ok: false, reason: 'unknown' };
  if (found.revoked_at || found.epoch !== found.session_epoch) return { ok: false, reason: 'revoked' };
  if (found.expires_at <= now || found.absolute_expires_at <= now) return { ok: false, reason: 'expired' };
  if (found.status !== 'active') {
    await revokeSession(trx, found.session_id, 'account_disabled', now);
    return { ok: false, reason: 'revoked' };
  }

  const lifetime = found.remember ? SESSION_LIFETIMES.remember : SESSION_LIFETIMES.tab;
  const expiresAt = new Date(Math.min(now.getTime() + lifetime.sliding, found.absolute_expires_at.getTime()));
  const refresh = await newRefreshToken();
  const live = found.token_id ? found.live_token_id === found.token_id : found.live_token_id === null && found.superseded_at === null;
  // One statement: the session slides and names the new token, if it still named the presented
  // one, and the new token is stored only then.
  const traded = live
    ? await trx
        .with('session', (db) =>
          db
            .updateTable('sessions')
            .set({ last_used_at: now, expires_at: expiresAt, refresh_token_id: refresh.id })
            .where('id', '=', found.session_id)
            .where('refresh_token_id', found.token_id ? '=' : 'is', found.token_id)
            .returning('id'),
        )
        .insertInto('refresh_tokens')
        .columns(['id', 'token_hash', 'tenant_id', 'session_id', 'created_at'])
        .expression((eb) =>
          eb
            .selectFrom('session')
            .select([
              sql<string>`${refresh.id}::uuid`.as('id'),
              sql<string>`${refresh.hash}::text`.as('token_hash'),
              sql<string>`${tenantId}::uuid`.as('tenant_id'),
              'session.id as session_id',
              sql<Date>`${now}::timestamptz`.as('created_at'),
            ]),
        )
        .returning('session_id')
        .executeTakeFirst()
    : undefined;
  if (!traded) {
    await revokeSession(trx, found.session_id, 'refresh_token_reused', now);
    return { ok: false, reason: 'reused' };
  }
  const { id, email, name, language, must_change_password } = found;
  return {
    ok: true,
    user: { id, email, name, language, must_change_password },
    session: { sessionId: found.session_id, refreshToken: refresh.token, expiresAt, remember: found.remember, authLevel: found.auth_level },
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

/**
 * Ends every session of a user at once (a password change or reset, logout everywhere), except
 * `keepSessionId` when given: the user's epoch moves on, and a session is alive only while its
 * epoch is its user's (liveSessionRows, rotateRefreshToken). One row of `users` changes, and no
 * index of sessions by user is needed, which every login would have had to insert into at the
 * user's place (migration 0092). The sessions' rows are left as they were; why they ended is in
 * the audit log of the action that ended them.
 */
export async function revokeUserSessions(trx: Tx, userId: string, keepSessionId?: string): Promise<void> {
  const bumped = await trx
    .updateTable('users')
    .set((eb) => ({ session_epoch: eb('session_epoch', '+', 1) }))
    .where('id', '=', userId)
    .returning('session_epoch')
    .executeTakeFirst();
  if (bumped && keepSessionId) {
    await trx.updateTable('sessions').set({ epoch: bumped.session_epoch }).where('id', '=', keepSessionId).where('user_id', '=', userId).execute();
  }
}

/** Revokes the session a refresh token belongs to (logout without a live access token). */
export async function revokeByRefreshToken(trx: Tx, tenantId: string, presented: string, now: Date): Promise<void> {
  const found = await findRefreshToken(trx, tenantId, presented);
  if (found) await revokeSession(trx, found.session_id, 'logout', now);
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
    // A session whose epoch is not its user's was ended by revokeUserSessions.
    .innerJoin('users as u', (join) => join.onRef('u.id', '=', 's.user_id').onRef('u.session_epoch', '=', 's.epoch'))
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
