/**
 * @module
 * The fixed-window rate-limit rule, as pure functions. A key (an email, a client address, an
 * account number) may be counted `max` times per window of `windowSeconds`; the window starts at
 * the first hit after the previous one ended. Fixed windows are coarse (a burst at the edge of two
 * windows gets up to 2×max), but they need one small row per key and no clock arithmetic in SQL,
 * and the limits they guard (registration proofs, reset requests) only have to make guessing and
 * mail bombing slow, not exact.
 */

export interface RateLimitRule {
  /** Hits allowed in one window. */
  max: number;
  windowSeconds: number;
}

export interface WindowState {
  windowStart: Date;
  count: number;
}

/** The state that applies at `now`: a window that has run out counts as a fresh, empty one. */
export function currentWindow(state: WindowState | undefined, now: Date, rule: RateLimitRule): WindowState {
  if (!state || now.getTime() >= state.windowStart.getTime() + rule.windowSeconds * 1000 || now < state.windowStart) {
    return { windowStart: now, count: 0 };
  }
  return state;
}

/** Seconds until another hit is allowed; 0 when one is allowed now. */
export function retryAfterSeconds(state: WindowState | undefined, now: Date, rule: RateLimitRule): number {
  const window = currentWindow(state, now, rule);
  if (window.count < rule.max) return 0;
  const ends = window.windowStart.getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}

/** The state after one more hit at `now`. */
export function afterHit(state: WindowState | undefined, now: Date, rule: RateLimitRule): WindowState {
  const window = currentWindow(state, now, rule);
  return { windowStart: window.windowStart, count: window.count + 1 };
}
