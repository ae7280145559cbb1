/**
 * @module
 * Access tokens: short-lived HS256 JWTs (jose) carrying user, tenant, session and auth level.
 * Refresh and email tokens: opaque random strings whose SHA-256 alone is stored, so a database
 * leak hands out no usable token.
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export const ACCESS_TOKEN_TTL_SECONDS = 5 * 60;
const ISSUER = 'doorstep';

export type AuthLevel = 'basic' | 'strong';

export interface AccessClaims {
  userId: string;
  tenantId: string;
  sessionId: string;
  authLevel: AuthLevel;
  /** Set while the account must change its temporary password. */
  mustChangePassword: boolean;
}

export interface TokenKeys {
  secret: Uint8Array;
  /**
   * The same secret imported once as a WebCrypto HMAC key. jose would import raw bytes again on
   * every call, which was a sixth of a resident request's CPU time.
   */
  hmacKey: Promise<CryptoKey>;
  /**
   * Tokens this key has verified, by their exact text: a widget sends the same token with every
   * call for five minutes, and checking its signature again (WebCrypto, asynchronous) was a tenth
   * of a resident request's time. Only the claims are kept; expiry is checked on every use.
   */
  verified: Map<string, VerifiedToken>;
}

interface VerifiedToken {
  claims: AccessClaims;
  /** The token's exp and nbf (seconds), checked against the request's clock each time. */
  exp: number;
  nbf: number | undefined;
}

/** Verified tokens kept per key; past this many the expired ones go, or all when none has expired. */
const VERIFIED_LIMIT = 10_000;
const CLOCK_TOLERANCE_SECONDS = 5;

export function createTokenKeys(secret?: string): TokenKeys {
  const bytes = secret ? new TextEncoder().encode(secret) : crypto.getRandomValues(new Uint8Array(32));
  return {
    secret: bytes,
    hmacKey: crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
    verified: new Map(),
  };
}

export async function signAccessToken(keys: TokenKeys, claims: AccessClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + ACCESS_TOKEN_TTL_SECONDS) * 1000);
  const token = await new SignJWT({
    tid: claims.tenantId,
    sid: claims.sessionId,
    lvl: claims.authLevel,
    ...(claims.mustChangePassword ? { pwc: true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(claims.tenantId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(await keys.hmacKey);
  return { token, expiresAt };
}

/** Verifies signature, issuer, audience (the path's tenant) and expiry; null for any failure. */
export async function verifyAccessToken(keys: TokenKeys, token: string, tenantId: string, now: Date): Promise<AccessClaims | null> {
  const seconds = Math.floor(now.getTime() / 1000);
  const known = keys.verified.get(token);
  if (known) return known.claims.tenantId === tenantId && timely(known, seconds) ? known.claims : null;
  try {
    const { payload } = await jwtVerify(token, await keys.hmacKey, {
      issuer: ISSUER,
      audience: tenantId,
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    if (typeof payload.sub !== 'string' || payload.tid !== tenantId || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
    const level = payload.lvl === 'strong' ? 'strong' : 'basic';
    const claims: AccessClaims = {
      userId: payload.sub,
      tenantId,
      sessionId: payload.sid,
      authLevel: level,
      mustChangePassword: payload.pwc === true,
    };
    remember(keys.verified, token, { claims, exp: payload.exp, nbf: payload.nbf }, seconds);
    return claims;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}

/** jose's own time checks: not expired and already valid, each with the clock tolerance. */
const timely = (token: VerifiedToken, seconds: number) =>
  token.exp > seconds - CLOCK_TOLERANCE_SECONDS && (token.nbf === undefined || token.nbf <= seconds + CLOCK_TOLERANCE_SECONDS);

function remember(verified: Map<string, VerifiedToken>, token: string, entry: VerifiedToken, seconds: number) {
  if (verified.size >= VERIFIED_LIMIT) {
    for (const [text, known] of verified) if (!timely(known, seconds)) verified.delete(text);
    if (verified.size >= VERIFIED_LIMIT) verified.clear();
  }
  verified.set(token, entry);
}

/** 32 random bytes, base64url: for refresh tokens and single-use email links. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
