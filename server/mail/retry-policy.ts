/**
 * @module
 * When to try a failed message again, as pure functions. Delays double from 30 seconds up to an
 * hour and keep trying for about a day (25 attempts), so an SMTP server that is down for an hour,
 * or a night, loses nothing. Only an answer that is about this one message and final (a 5xx reply
 * to its recipient or its content) gives up at once: retrying a mailbox that does not exist only
 * hurts the sender's reputation. A 5xx to our login (wrong SMTP password) is *not* final: it is
 * fixed by the operator, and the queue must survive until then.
 */

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts (including the first) before a message is marked failed. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 60 * 60_000, maxAttempts: 25 };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'permanent' | 'attempts_exhausted' };

export interface SendError {
  code?: unknown;
  responseCode?: unknown;
}

/** A rejection of this recipient or this message that no retry will change. */
export function isPermanentFailure(error: SendError): boolean {
  const status = typeof error.responseCode === 'number' ? error.responseCode : 0;
  return status >= 500 && status < 600 && (error.code === 'EENVELOPE' || error.code === 'EMESSAGE');
}

/**
 * What to do after attempt number `attempts` (1 for the first) failed. `random` in [0, 1) spreads
 * retries by ±20% so that many queued messages do not hit a recovering server at the same moment.
 */
export function afterSendFailure(attempts: number, error: SendError, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random = 0.5): RetryDecision {
  if (isPermanentFailure(error)) return { retry: false, reason: 'permanent' };
  if (attempts >= policy.maxAttempts) return { retry: false, reason: 'attempts_exhausted' };
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1);
  const delay = Math.min(exponential, policy.maxDelayMs) * (0.8 + 0.4 * Math.min(Math.max(random, 0), 1));
  return { retry: true, delayMs: Math.round(delay) };
}
