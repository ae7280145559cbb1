/**
 * @module
 * Password login with lockout, for every kind of person who logs in with a password: residents
 * (auth.handlers.ts) and the manager's staff (staff/staff-login.ts). The rules are lockout.ts's;
 * this puts them in order, so both logins lock, count and answer alike and neither is a copy.
 *
 * `subject` is what the counters are kept under: a resident's email, or `staff:` and the email
 * for staff, so a resident and a staff member who share an email (a manager's secretary who also
 * owns a flat) never lock each other out, and a resident's password reset never clears a staff
 * member's counters. Unknown subjects are counted exactly like known ones and verified against a
 * dummy hash, so neither the answer nor its timing tells whether an account exists.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { afterFailure, DEFAULT_LOCKOUT_POLICY, lockedForSeconds, type AttemptCounter } from './lockout.ts';
import { clearCounters, findCounters, saveCounter } from './login-attempts.repository.ts';
import { verifyPassword } from './passwords.ts';

export const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'The email or the password is not right.');

export function lockedOut(seconds: number, now: Date) {
  const retryAt = new Date(now.getTime() + seconds * 1000);
  return new ApiError(423, 'locked_out', 'Too many failed attempts. Try again later.', { retryAt: retryAt.toISOString() }, {
    'Retry-After': String(seconds),
  });
}

export interface PasswordAccount {
  password_hash: string | null;
  status: string;
}

const pairKeyOf = (subject: string, c: Context<AppEnv>) => `${subject}|${c.get('clientKey')}`;

/**
 * Throws 423 when the subject, or the subject from this client, is locked at `now`; otherwise
 * answers whether the subject has any counter (a success then has failures to forget).
 */
export async function refuseWhileLockedOut(trx: Tx, c: Context<AppEnv>, subject: string, now: Date): Promise<boolean> {
  const counters = await findCounters(trx, c.get('tenant').id, pairKeyOf(subject, c), subject);
  const seconds = Math.max(lockedForSeconds(counters.pair, now), lockedForSeconds(counters.email, now));
  if (seconds > 0) throw lockedOut(seconds, now);
  return counters.any;
}

/**
 * Counts one failed attempt (a wrong password, or a wrong second factor) and throws what the
 * caller gets: 423 when this failure locked it, otherwise `failure()`.
 */
export async function failLogin(deps: AppDeps, c: Context<AppEnv>, subject: string, failure: () => ApiError = invalidCredentials): Promise<never> {
  const policy = deps.lockoutPolicy ?? DEFAULT_LOCKOUT_POLICY;
  const tenantId = c.get('tenant').id;
  const now = c.get('clock').now();
  const pairKey = pairKeyOf(subject, c);
  const locked = await deps.database.withTenant(tenantId, async (trx) => {
    const found = await findCounters(trx, tenantId, pairKey, subject);
    const counters: Array<['email_client' | 'email', string, AttemptCounter]> = [
      ['email_client', pairKey, afterFailure(found.pair, 'email_client', now, policy)],
      ['email', subject, afterFailure(found.email, 'email', now, policy)],
    ];
    for (const [scope, key, counter] of counters) await saveCounter(trx, tenantId, scope, key, subject, counter);
    return Math.max(...counters.map(([, , counter]) => lockedForSeconds(counter, now)));
  });
  c.get('log').info('login failed', { locked: locked > 0 });
  throw locked > 0 ? lockedOut(locked, now) : failure();
}

/** Forgets the subject's failures after a successful login. */
export async function clearLoginFailures(trx: Tx, c: Context<AppEnv>, subject: string): Promise<void> {
  await clearCounters(trx, c.get('tenant').id, pairKeyOf(subject, c), subject);
}

/**
 * Checks a password login: refuses while locked out, verifies the password outside any
 * transaction (Argon2 takes tens of milliseconds and must not hold a connection), counts a
 * failure, and on success runs `onSuccess` in one transaction with the counters cleared — unless
 * `secondStep`: then the password is only the first step of the login (staff, with their TOTP
 * code), and the counters are cleared when the whole login succeeds, by that step
 * ({@link clearLoginFailures}). Clearing them at the password would let whoever knows the
 * password guess codes for ever, a few between two correct passwords, without being locked out.
 */
export async function passwordLogin<A extends PasswordAccount, R>(
  deps: AppDeps,
  c: Context<AppEnv>,
  input: { subject: string; password: string; find: (trx: Tx) => Promise<A | undefined>; onSuccess: (trx: Tx, account: A) => Promise<R>; secondStep?: boolean },
): Promise<R> {
  const tenantId = c.get('tenant').id;
  const now = c.get('clock').now();
  const { account, counted } = await deps.database.withTenant(tenantId, async (trx) => {
    const counted = await refuseWhileLockedOut(trx, c, input.subject, now);
    return { account: await input.find(trx), counted };
  });
  const valid = (await verifyPassword(account?.password_hash, input.password)) && account?.status === 'active';
  if (!valid || !account) return failLogin(deps, c, input.subject);
  return deps.database.withTenant(tenantId, async (trx) => {
    // With no counter a moment ago there is nothing to forget: the DELETE would change nothing and
    // cost a statement. A failure counted since (another client's) stays counted, which is safe.
    if (!input.secondStep && counted) await clearLoginFailures(trx, c, input.subject);
    return input.onSuccess(trx, account);
  });
}
