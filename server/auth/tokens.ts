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
}

export function createTokenKeys(secret?: string): TokenKeys {
  const bytes = secret ? new TextEncoder().encode(secret) : crypto.getRandomValues(new Uint8Array(32));
  return {
    secret: bytes,
    hmacKey: crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
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
  try {
    const { payload } = await jwtVerify(token, await keys.hmacKey, {
      issuer: ISSUER,
      audience: tenantId,
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: 5,
    });
    if (typeof payload.sub !== 'string' || payload.tid !== tenantId || typeof payload.sid !== 'string') return null;
    const level = payload.lvl === 'strong' ? 'strong' : 'basic';
    return {
      userId: payload.sub,
      tenantId,
      sessionId: payload.sid,
      authLevel: level,
      mustChangePassword: payload.pwc === true,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
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
