/**
 * @module
 * When an access token is due for a refresh. The lifetime is measured from the token itself (its
 * `iat`/`exp`), not by comparing the server's expiry with the browser's clock: a resident's clock
 * may be minutes off, and in demo mode the server's "now" is frozen at another date altogether.
 */
import type { TokenResponse } from './session-payloads.ts';

/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 30_000;

/** An access token held in memory, with the browser-clock times it is good until and due at. */
export interface AccessTokenTiming {
  token: string;
  /** Past this the server refuses the token. */
  expiresAt: number;
  /** Refresh from here on: ahead of the expiry, but never in the first half of the lifetime. */
  refreshAt: number;
}

/** Times `tokens.accessToken`, received at `received` (browser clock); `now` is the demo clock. */
export function accessTokenTiming(tokens: TokenResponse, now: string | undefined, received: number): AccessTokenTiming {
  const lifetime = tokenLifetimeMs(tokens, now, received);
  return {
    token: tokens.accessToken,
    expiresAt: received + lifetime,
    refreshAt: received + Math.max(lifetime / 2, lifetime - REFRESH_AHEAD_MS),
  };
}

/** How long the access token lives, measured so that a skewed (or demo-frozen) clock does not matter. */
function tokenLifetimeMs(tokens: TokenResponse, now: string | undefined, received: number): number {
  const claims = decodeJwtPayload(tokens.accessToken);
  if (typeof claims?.['exp'] === 'number' && typeof claims['iat'] === 'number' && claims['exp'] > claims['iat']) {
    return (claims['exp'] - claims['iat']) * 1000;
  }
  const serverNow = now ? Date.parse(now) : received;
  const lifetime = Date.parse(tokens.accessTokenExpiresAt) - (Number.isNaN(serverNow) ? received : serverNow);
  return Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 60_000;
}

function decodeJwtPayload(jwt: string): Record<string, unknown> | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as Record<string, unknown>;
  } catch {
    return null;
  }
}
