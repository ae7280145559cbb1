/**
 * @module
 * The handlers of the staff login routes (see staff-login.routes.ts); the session model is in
 * staff-sessions.ts, the TOTP rules in totp.ts, password and lockout in auth/password-login.ts
 * (the residents' own, with the counters kept under `staff:` + email).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { clearLoginFailures, failLogin, passwordLogin, refuseWhileLockedOut } from '../auth/password-login.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { systemClock } from '../clock.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, unauthorized, unprocessable, validationFailed } from '../errors.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { passwordProblems } from '../auth/password-policy.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { qrSymbol } from '../invoices/qr-image.ts';
import { requireEmailAddress } from '../mail/address.ts';
import { createRouter, type AppEnv } from '../http/context.ts';
import { staffView } from './staff-accounts.ts';
import { confirmTotp, findStaff, findStaffByEmail, setStaffPassword, useRecoveryCode, useTotpStep } from './staff.repository.ts';
import { createStaffSession, findLiveStaffSession, revokeStaffSession, revokeStaffSessionsOf, staffCallerFor, touchStaffSession } from './staff-sessions.ts';
import { staffLoginRoute, staffLogoutRoute, staffPasswordRoute, staffSecondFactorRoute, staffSessionRoute } from './staff-login.routes.ts';
import { openTotpSecret, sealTotpSecret } from './totp-secrets.ts';
import { acceptedTotpStep, newRecoveryCodes, newTotpKey, normalRecoveryCode, totpKeyUri } from './totp.ts';

const subjectOf = (email: string) => `staff:${email}`;
const BEARER = /^Bearer (\S{1,4096})$/;
const invalidSession = () => new ApiError(401, 'invalid_staff_session', 'The session has ended. Log in again.');
const loginExpired = () => new ApiError(401, 'login_expired', 'The login took too long. Start again.');
const invalidCode = () => new ApiError(401, 'invalid_code', 'The code is not right.');

/** Any Authorization header on /staff/… must be a live staff token of this tenant. */
function readStaffBearer(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const token = BEARER.exec(header)?.[1] ?? '';
      const now = c.get('clock').now();
      const caller = await deps.database.withTenant(c.get('tenant').id, (trx) => staffCallerFor(trx, token, now));
      if (!caller) throw invalidSession();
      c.set('admin', caller);
    }
    await next();
  };
}

function staffOf(c: Context<AppEnv>) {
  const caller = c.get('admin');
  if (caller?.kind !== 'staff') throw unauthorized('Log in to the console first.');
  return caller;
}

export function staffLoginRouter(deps: AppDeps) {
  const router = createRouter();
  router.use('/staff/*', readStaffBearer(deps));

  router.openapi(staffLoginRoute, async (c) => {
    const { email: rawEmail, password } = c.req.valid('json');
    const email = requireEmailAddress(rawEmail);
    const tenant = c.get('tenant');
    const now = c.get('clock').now();
    const step = await passwordLogin(deps, c, {
      subject: subjectOf(email),
      password,
      find: (trx) => findStaffByEmail(trx, tenant.id, email),
      // A failure of the code still counts against the password's counters: they are cleared only
      // at the end, when the code is right (the second step below), not by the password alone.
      secondStep: true,
      onSuccess: async (trx, staff) => {
        const enrolling = staff.totp_secret === null;
        const pendingTotpSecret = enrolling ? newTotpKey() : undefined;
        const sealedPending = pendingTotpSecret && sealTotpSecret(deps.secretBox, tenant.id, staff.id, pendingTotpSecret);
        const session = await createStaffSession(trx, { tenantId: tenant.id, staffId: staff.id, stage: 'password', pendingTotpSecret: sealedPending, now });
        return { staff, session, pendingTotpSecret };
      },
    });
    const { session, pendingTotpSecret, staff } = step;
    const uri = pendingTotpSecret ? totpKeyUri(`Doorstep ${tenant.name}`, staff.email, pendingTotpSecret) : undefined;
    return c.json(
      {
        next: pendingTotpSecret ? ('enrol' as const) : ('totp' as const),
        loginToken: session.token,
        expiresAt: session.expiresAt.toISOString(),
        enrolment: pendingTotpSecret && uri ? { secret: pendingTotpSecret, uri, qr: (({ size, path }) => ({ size, path }))(qrSymbol(uri)) } : null,
      },
      200,
    );
  });

  router.openapi(staffSecondFactorRoute, async (c) => {
    const body = c.req.valid('json');
    if ((body.code === undefined) === (body.recoveryCode === undefined)) {
      throw validationFailed({ code: 'send_code_or_recovery_code' });
    }
    const tenantId = c.get('tenant').id;
    const now = c.get('clock').now();
    const found = await deps.database.withTenant(tenantId, async (trx) => {
      const session = await findLiveStaffSession(trx, body.loginToken, 'password', now);
      const staff = session && (await findStaff(trx, session.staff_id));
      if (!session || !staff) return undefined;
      await refuseWhileLockedOut(trx, c, subjectOf(staff.email), now);
      return { session, staff };
    });
    if (!found) throw loginExpired();
    const { session, staff } = found;
    const subject = subjectOf(staff.email);
    const sealedKey = staff.totp_secret ?? session.pending_totp_secret;
    const key = sealedKey === null ? null : openTotpSecret(deps.secretBox, tenantId, staff.id, sealedKey);
    const enrolling = staff.totp_secret === null;

    // The code is checked against the real time: the authenticator app knows no demo clock.
    const step = body.code !== undefined && key ? acceptedTotpStep(key, body.code, systemClock.now(), staff.totp_last_step === null ? null : BigInt(staff.totp_last_step)) : null;
    const recovery = body.recoveryCode !== undefined && !enrolling ? normalRecoveryCode(body.recoveryCode) : null;
    if (step === null && recovery === null) return failLogin(deps, c, subject, invalidCode);

    const result = await deps.database.withTenant(tenantId, async (trx) => {
      let recoveryCodes: string[] | null = null;
      if (enrolling && step !== null && session.pending_totp_secret) {
        recoveryCodes = newRecoveryCodes();
        const recoveryCodeHashes = await Promise.all(recoveryCodes.map(sha256Hex));
        await confirmTotp(trx, { tenantId, staffId: staff.id, secret: session.pending_totp_secret, step, recoveryCodeHashes, now });
      } else if (step !== null) {
        if (!(await useTotpStep(trx, staff.id, step, staff.totp_last_step))) return undefined;
      } else if (!(await useRecoveryCode(trx, staff.id, await sha256Hex(recovery!), now))) {
        return undefined;
      }
      await revokeStaffSession(trx, session.session_id, now);
      await clearLoginFailures(trx, c, subject);
      const active = await createStaffSession(trx, { tenantId, staffId: staff.id, stage: 'active', now });
      return { active, recoveryCodes, account: (await findStaff(trx, staff.id))! };
    });
    // A code used already (replayed, or two logins racing) or a recovery code used before.
    if (!result) return failLogin(deps, c, subject, invalidCode);
    c.get('log').info('staff login', { staffId: staff.id, sessionId: result.active.sessionId, recovery: recovery !== null });
    return c.json(
      { token: result.active.token, expiresAt: result.active.expiresAt.toISOString(), staff: staffView(result.account), recoveryCodes: result.recoveryCodes },
      200,
    );
  });

  router.openapi(staffLogoutRoute, async (c) => {
    const caller = staffOf(c);
    const now = c.get('clock').now();
    await deps.database.withTenant(c.get('tenant').id, (trx) => revokeStaffSession(trx, caller.sessionId, now));
    return c.body(null, 204);
  });

  router.openapi(staffPasswordRoute, async (c) => {
    const caller = staffOf(c);
    const { currentPassword, newPassword } = c.req.valid('json');
    const tenantId = c.get('tenant').id;
    const now = c.get('clock').now();
    const staff = await deps.database.withTenant(tenantId, async (trx) => {
      const found = await findStaff(trx, caller.staffId);
      if (found) await refuseWhileLockedOut(trx, c, subjectOf(found.email), now);
      return found;
    });
    if (!staff) throw invalidSession();
    // The rules first: a weak new password is refused without a guess at the current one.
    const problems = passwordProblems(newPassword, staff.email);
    if (problems.length > 0) throw unprocessable('password_rejected', 'The password does not meet the rules.', { newPassword: problems });
    if (newPassword === currentPassword) throw unprocessable('password_unchanged', 'Choose a password other than the current one.', { newPassword: ['unchanged'] });
    // A stolen session must not be able to swap the password: the current one is asked for and
    // a wrong one counts towards the lockout exactly like a wrong login.
    if (!(await verifyPassword(staff.password_hash, currentPassword))) {
      return failLogin(deps, c, subjectOf(staff.email), () => new ApiError(401, 'invalid_current_password', 'The current password is not right.'));
    }
    const passwordHash = await hashPassword(newPassword);
    const account = await deps.database.withTenant(tenantId, async (trx) => {
      await setStaffPassword(trx, staff.id, passwordHash, false, now);
      await revokeStaffSessionsOf(trx, staff.id, now, caller.sessionId);
      await clearLoginFailures(trx, c, subjectOf(staff.email));
      await recordAudit(trx, {
        tenantId,
        actorId: null,
        actorKind: 'staff',
        action: 'admin.staff.password_changed',
        target: { type: 'staff', id: staff.id },
        details: { staffId: staff.id, temporary: staff.must_change_password },
        at: now,
      });
      return (await findStaff(trx, staff.id))!;
    });
    return c.json({ staff: staffView(account) }, 200);
  });

  router.openapi(staffSessionRoute, async (c) => {
    const caller = staffOf(c);
    const now = c.get('clock').now();
    const answer = await deps.database.withTenant(c.get('tenant').id, async (trx) => {
      const staff = await findStaff(trx, caller.staffId);
      const session = await trx.selectFrom('staff_sessions').select(['id as session_id', 'absolute_expires_at']).where('id', '=', caller.sessionId).executeTakeFirstOrThrow();
      return { staff: staffView(staff!), expiresAt: (await touchStaffSession(trx, session, now)).toISOString() };
    });
    return c.json(answer, 200);
  });

  return router;
}
