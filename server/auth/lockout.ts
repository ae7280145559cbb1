/**
 * @module
 * The lockout rulebook, as pure functions. Two counters per failed login:
 *
 * - (email, client): after a few failures that pair is locked for a time that doubles with every
 *   lockout. The real owner on another device is not affected, which is what we want when the
 *   failures are a family member mistyping on the shared laptop.
 * - (email) alone: an attacker spread over many clients is capped per account. This counter locks
 *   only *password login*: the owner can still reset the password or log in with a bank, so an
 *   attacker cannot lock the owner out of the account.
 *
 * Counters apply to unknown emails exactly as to known ones, so a lockout tells nothing about
 * whether an email is registered.
 */

export interface LockoutPolicy {
  /** Failures of one (email, client) pair before it is locked. */
  pairMaxFailures: number;
  /** Failures of one email over all clients before password login is locked for it. */
  emailMaxFailures: number;
  /** First lock; each further lock of the same key doubles it, up to maxLockSeconds. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** Failures older than this are forgotten. */
  failureWindowSeconds: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  pairMaxFailures: 5,
  emailMaxFailures: 20,
  baseLockSeconds: 60,
  maxLockSeconds: 60 * 60,
  failureWindowSeconds: 60 * 60,
};

export interface AttemptCounter {
  failures: number;
  lockouts: number;
  lastFailure: Date | null;
  lockedUntil: Date | null;
}

export const EMPTY_COUNTER: AttemptCounter = { failures: 0, lockouts: 0, lastFailure: null, lockedUntil: null };

export type AttemptScope = 'email_client' | 'email';

export function maxFailuresFor(scope: AttemptScope, policy: LockoutPolicy): number {
  return scope === 'email' ? policy.emailMaxFailures : policy.pairMaxFailures;
}

/** Seconds until the counter unlocks, or 0 when it is not locked at `now`. */
export function lockedForSeconds(counter: AttemptCounter, now: Date): number {
  if (!counter.lockedUntil) return 0;
  const ms = counter.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The counter after one more failed login at `now`. */
export function afterFailure(counter: AttemptCounter, scope: AttemptScope, now: Date, policy = DEFAULT_LOCKOUT_POLICY): AttemptCounter {
  const stale =
    counter.lastFailure !== null && now.getTime() - counter.lastFailure.getTime() > policy.failureWindowSeconds * 1000;
  // Lockouts are remembered longer than failures, so a patient attacker keeps meeting long locks;
  // they fade after a quiet day.
  const quietDay = counter.lastFailure !== null && now.getTime() - counter.lastFailure.getTime() > 24 * 3600 * 1000;
  const failures = (stale ? 0 : counter.failures) + 1;
  const lockouts = quietDay ? 0 : counter.lockouts;
  if (failures < maxFailuresFor(scope, policy)) {
    return { failures, lockouts, lastFailure: now, lockedUntil: counter.lockedUntil };
  }
  const seconds = Math.min(policy.baseLockSeconds * 2 ** lockouts, policy.maxLockSeconds);
  return { failures: 0, lockouts: lockouts + 1, lastFailure: now, lockedUntil: new Date(now.getTime() + seconds * 1000) };
}
