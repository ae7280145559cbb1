/**
 * @module
 * The second factor of staff logins: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), which
 * every authenticator app speaks, through `@oslojs/otp`; and the one-time recovery codes for a
 * lost phone. Pure functions: the time and the last accepted step are given.
 *
 * A code is accepted for the current step and one step either side (a phone a little fast or
 * slow, a code typed as it turns over), and only for a step later than the last one accepted: a
 * code seen over a shoulder or replayed from a log is worth nothing once used.
 *
 * The time is the real time, never the demo's frozen clock: the authenticator app runs on a phone
 * that knows the real time.
 */
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
const DRIFT_STEPS = 1;

/** A new TOTP key: 20 random bytes (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpKey(): string {
  return encodeBase32NoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function totpKeyUri(issuer: string, account: string, key: string): string {
  return createTOTPKeyURI(issuer, account, decodeBase32IgnorePadding(key), TOTP_STEP_SECONDS, TOTP_DIGITS);
}

export const totpStepAt = (at: Date) => BigInt(Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS));

/** The code for `at` (the tests and the demo compute codes with it). */
export function totpCode(key: string, at: Date): string {
  return generateHOTP(decodeBase32IgnorePadding(key), totpStepAt(at), TOTP_DIGITS);
}

/**
 * The step `code` is valid for at `at`, or null: wrong, malformed, too old or too new, or not
 * later than `lastStep` (already used).
 */
export function acceptedTotpStep(key: string, code: string, at: Date, lastStep: bigint | null): bigint | null {
  if (!/^\d{6}$/.test(code)) return null;
  const bytes = decodeBase32IgnorePadding(key);
  const now = totpStepAt(at);
  for (let step = now - BigInt(DRIFT_STEPS); step <= now + BigInt(DRIFT_STEPS); step++) {
    if (lastStep !== null && step <= lastStep) continue;
    if (verifyHOTP(bytes, step, TOTP_DIGITS, code)) return step;
  }
  return null;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/**
 * Fresh recovery codes such as `k7hq2-mpx9a`: 10 symbols of 31, about 50 bits each, enough for a
 * code that works once and is stored as a SHA-256 (an attacker with the hashes would have to try
 * 2^49 codes per hash; online, the lockout stops them long before).
 */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes: string[] = [];
  while (codes.length < count) {
    const symbols: string[] = [];
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      // 248 = 8 × 31: bytes above it would favour the first symbols.
      if (byte < 248 && symbols.length < 10) symbols.push(RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]!);
    }
    if (symbols.length === 10) codes.push(`${symbols.slice(0, 5).join('')}-${symbols.slice(5).join('')}`);
  }
  return codes;
}

/** A recovery code as typed (spaces, upper case, with or without the dash) in its stored form. */
export function normalRecoveryCode(typed: string): string | null {
  const plain = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-9]{10}$/.test(plain) ? `${plain.slice(0, 5)}-${plain.slice(5)}` : null;
}
