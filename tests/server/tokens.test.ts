import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { createTokenKeys, signAccessToken, verifyAccessToken, type AccessClaims } from '../../server/auth/tokens.ts';

const TENANT = '6f1d7d1e-4a55-4b7e-9b1a-0c9f2f0e4d11';
const claims: AccessClaims = {
  userId: '0b6c4a3e-6a8e-4b9e-8f3e-1c2d3e4f5a6b',
  tenantId: TENANT,
  sessionId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  authLevel: 'basic',
  mustChangePassword: false,
};
const at = (iso: string) => new Date(iso);
/** A token with our claims and issuer, as signAccessToken makes them, to be finished by the test. */
const ourToken = () =>
  new SignJWT({ tid: TENANT, sid: claims.sessionId, lvl: 'basic' }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.userId).setIssuer('doorstep').setAudience(TENANT);
const seconds = (iso: string) => Math.floor(at(iso).getTime() / 1000);

describe('verifying access tokens, with the verified ones remembered', () => {
  test('a token verifies again from memory until it expires, with jose’s five seconds of tolerance', async () => {
    const keys = createTokenKeys('a-secret-that-is-long-enough-for-hs256-000');
    const { token } = await signAccessToken(keys, claims, at('2026-05-30T10:00:00Z'));
    expect(await verifyAccessToken(keys, token, TENANT, at('2026-05-30T10:00:01Z'))).toEqual(claims);
    expect(keys.verified.has(token)).toBe(true);
    expect(await verifyAccessToken(keys, token, TENANT, at('2026-05-30T10:05:04Z'))).toEqual(claims);
    expect(await verifyAccessToken(keys, token, TENANT, at('2026-05-30T10:05:05Z'))).toBeNull();
  });

  test('a remembered token is refused for another tenant and under another key', async () => {
    const keys = createTokenKeys('a-secret-that-is-long-enough-for-hs256-000');
    const { token } = await signAccessToken(keys, claims, at('2026-05-30T10:00:00Z'));
    await verifyAccessToken(keys, token, TENANT, at('2026-05-30T10:00:01Z'));
    expect(await verifyAccessToken(keys, token, '00000000-0000-4000-8000-000000000000', at('2026-05-30T10:00:01Z'))).toBeNull();
    const other = createTokenKeys('another-secret-that-is-long-enough-000000');
    expect(await verifyAccessToken(other, token, TENANT, at('2026-05-30T10:00:01Z'))).toBeNull();
  });

  test('a token that fails is not remembered, and one changed by a byte is verified afresh', async () => {
    const keys = createTokenKeys('a-secret-that-is-long-enough-for-hs256-000');
    const { token } = await signAccessToken(keys, claims, at('2026-05-30T10:00:00Z'));
    await verifyAccessToken(keys, token, TENANT, at('2026-05-30T10:00:01Z'));
    const [header, payload, signature] = token.split('.');
    const changed = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    changed.sub = '00000000-0000-4000-8000-000000000000';
    const forged = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    expect(await verifyAccessToken(keys, forged, TENANT, at('2026-05-30T10:00:01Z'))).toBeNull();
    expect(keys.verified.has(forged)).toBe(false);
    expect(keys.verified.size).toBe(1);
  });

  test('a token without an expiry is refused even when correctly signed', async () => {
    const keys = createTokenKeys('a-secret-that-is-long-enough-for-hs256-000');
    const eternal = await ourToken().sign(keys.secret);
    expect(await verifyAccessToken(keys, eternal, TENANT, at('2026-05-30T10:00:01Z'))).toBeNull();
  });

  test('a token not yet valid (nbf) is refused from memory as it was by jose', async () => {
    const keys = createTokenKeys('a-secret-that-is-long-enough-for-hs256-000');
    const later = await ourToken().setNotBefore(seconds('2026-05-30T10:01:00Z')).setExpirationTime(seconds('2026-05-30T10:05:00Z')).sign(keys.secret);
    expect(await verifyAccessToken(keys, later, TENANT, at('2026-05-30T10:01:00Z'))).not.toBeNull();
    expect(await verifyAccessToken(keys, later, TENANT, at('2026-05-30T10:00:00Z'))).toBeNull();
  });
});
