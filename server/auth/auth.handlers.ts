/**
 * @module
 * Login, refresh, logout and password change. The lockout rules are in lockout.ts, the session
 * model in sessions.ts, the order of a password login in password-login.ts; this file puts them in order and keeps the answers for known and unknown
 * emails identical in status, body and (through the dummy hash) timing.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import { requireEmailAddress } from '../mail/address.ts';
import { ApiError, unprocessable } from '../errors.ts';
import { createRouter, type AppEnv } from '../http/context.ts';
import { changePasswordRoute, loginRoute, logoutRoute, refreshRoute } from './auth.routes.ts';
import { passwordLogin } from './password-login.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { passwordProblems } from './password-policy.ts';
import { withResident } from './resident.ts';
import { createSession, revokeByRefreshToken, revokeSession, revokeUserSessions, rotateRefreshToken, type IssuedSession } from './sessions.ts';
import { signAccessToken } from './tokens.ts';

const invalidRefresh = () => new ApiError(401, 'invalid_refresh_token', 'The session has ended. Log in again.');

interface UserForTokens {
  id: string;
  email: string;
  name: string;
  language: 'lv' | 'en' | 'ru';
  must_change_password: boolean;
}

export async function tokenResponse(deps: AppDeps, tenantId: string, user: UserForTokens, session: IssuedSession, now: Date) {
  const access = await signAccessToken(
    deps.keys,
    { userId: user.id, tenantId, sessionId: session.sessionId, authLevel: session.authLevel, mustChangePassword: user.must_change_password },
    now,
  );
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: session.refreshToken,
    refreshTokenExpiresAt: session.expiresAt.toISOString(),
    remember: session.remember,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      language: user.language,
      mustChangePassword: user.must_change_password,
      authLevel: session.authLevel,
    },
  };
}

/**
 * `email` is in the stored normal form (requireEmailAddress), so plain `=` finds it through the
 * unique index; `lower(email) = …` could not use any index under row-level security (migration 0010).
 */
function findUserByEmail(trx: Tx, tenantId: string, email: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language', 'must_change_password', 'password_hash', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
}

export function authRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(loginRoute, async (c) => {
    const { email: rawEmail, password, remember } = c.req.valid('json');
    // The same normal form the accounts are stored in: lower case, the domain in punycode.
    const email = requireEmailAddress(rawEmail);
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const { user, session } = await passwordLogin(deps, c, {
      subject: email,
      password,
      find: (trx) => findUserByEmail(trx, tenantId, email),
      onSuccess: async (trx, user) => ({ user, session: await createSession(trx, { tenantId, userId: user.id, remember, authLevel: 'basic', now }) }),
    });
    c.var.log.info('login', { userId: user.id, sessionId: session.sessionId });
    return c.json(await tokenResponse(deps, tenantId, user, session, now), 200);
  });

  router.openapi(refreshRoute, async (c) => {
    const { refreshToken } = c.req.valid('json');
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    // The revocation on reuse must be committed, so the failure is thrown after the transaction.
    const result = await deps.database.withTenant(tenantId, (trx) => rotateRefreshToken(trx, tenantId, refreshToken, now));
    if (!result.ok) {
      if (result.reason === 'reused') c.var.log.warn('refresh token reused; session revoked');
      throw invalidRefresh();
    }
    return c.json(await tokenResponse(deps, tenantId, result.user, result.session, now), 200);
  });

  router.openapi(logoutRoute, async (c) => {
    const body = await readOptionalJson(c);
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const claims = c.var.claims;
    await deps.database.withTenant(tenantId, async (trx) => {
      if (claims) await revokeSession(trx, claims.sessionId, 'logout', now);
      if (body.refreshToken) await revokeByRefreshToken(trx, tenantId, body.refreshToken, now);
    });
    return c.body(null, 204);
  });

  router.openapi(changePasswordRoute, async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const tenantId = c.var.tenant.id;
    const result = await withResident(
      deps,
      c,
      async ({ trx, resident, now }) => {
        const row = await trx
          .selectFrom('users')
          .select(['password_hash', 'email'])
          .where('id', '=', resident.userId)
          .executeTakeFirstOrThrow();
        if (!(await verifyPassword(row.password_hash, currentPassword))) {
          throw new ApiError(400, 'current_password_incorrect', 'The current password is not right.', { currentPassword: 'incorrect' });
        }
        const problems: string[] = passwordProblems(newPassword, row.email);
        if (newPassword === currentPassword) problems.push('same_as_current');
        if (problems.length > 0) {
          throw unprocessable('password_rejected', 'The new password does not meet the rules.', { newPassword: problems });
        }
        const passwordHash = await hashPassword(newPassword);
        const user = await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, updated_at: now })
          .where('id', '=', resident.userId)
          .returning(['id', 'email', 'name', 'language', 'must_change_password'])
          .executeTakeFirstOrThrow();
        const remember = await trx.selectFrom('sessions').select('remember').where('id', '=', resident.sessionId).executeTakeFirstOrThrow();
        await revokeUserSessions(trx, resident.userId);
        const session = await createSession(trx, { tenantId, userId: user.id, remember: remember.remember, authLevel: resident.authLevel, now });
        await trx
          .insertInto('audit_log')
          .values({ tenant_id: tenantId, actor_id: user.id, action: 'password.changed', target_type: 'user', target_id: user.id })
          .execute();
        return { user, session, now };
      },
      { allowPendingPasswordChange: true },
    );
    return c.json(await tokenResponse(deps, tenantId, result.user, result.session, result.now), 200);
  });

  return router;
}

/** Logout's body is optional; an empty or absent body is fine, malformed JSON is not. */
async function readOptionalJson(c: Context<AppEnv>): Promise<{ refreshToken?: string }> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (!value || typeof value !== 'object') return {};
  const token = (value as { refreshToken?: unknown }).refreshToken;
  if (token === undefined) return {};
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
    throw new ApiError(400, 'validation_failed', 'The request is not valid.', { refreshToken: 'invalid' });
  }
  return { refreshToken: token };
}
