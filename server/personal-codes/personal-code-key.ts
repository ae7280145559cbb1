/**
 * @module
 * The keyed hash that personal codes are stored as: HMAC-SHA256 of the code's normal form under
 * a key the database never sees (DOORSTEP_PERSONAL_CODE_KEY). Equal codes give equal hashes, so
 * a strong login's code is matched with a plain `=` on an index; a leaked database gives no code
 * back, and without the key not even a guess of one (there are only a few million valid codes,
 * so an unkeyed hash would be read back by trying them all).
 *
 * Changing the key makes every stored hash unmatchable: keep it with the database's backups.
 */
import { createHmac } from 'node:crypto';
import { normalizePersonalCode, personalCodeHint } from './personal-code.ts';

export interface PersonalCodeKey {
  /** The hash of a code already in normal form (hex, 64 characters). */
  hash(normal: string): string;
}

export function createPersonalCodeKey(secret: string): PersonalCodeKey {
  if (secret.length < 32) throw new Error('a personal code key is at least 32 characters');
  const key = new TextEncoder().encode(secret);
  return { hash: (normal) => createHmac('sha256', key).update(normal, 'utf8').digest('hex') };
}

/** How a personal code is stored: its keyed hash and the hint a manager may see. */
export interface StoredPersonalCode {
  hash: string;
  hint: string;
}

/** The stored form of a code as a person or a file gives it; undefined when it is not valid. */
export function storedPersonalCode(key: PersonalCodeKey, raw: string): StoredPersonalCode | undefined {
  const normal = normalizePersonalCode(raw);
  return normal === undefined ? undefined : { hash: key.hash(normal), hint: personalCodeHint(normal) };
}
