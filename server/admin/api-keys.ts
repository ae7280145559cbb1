/**
 * @module
 * What a tenant API key is: `dsk_` followed by 32 random bytes in base64url (256 bits, so a
 * plain SHA-256 of it is as good as a slow hash: there is nothing to guess). Only the hash is
 * stored; the secret is shown once, when the key is made. A short prefix of the secret is kept in
 * the clear so a person can tell keys apart in a list ("dsk_Ab3x…").
 */
import { randomToken, sha256Hex } from '../auth/tokens.ts';

export const API_KEY_PREFIX = 'dsk_';
const SHAPE = /^dsk_[A-Za-z0-9_-]{43}$/;
const SHOWN_CHARACTERS = 6;

export interface NewApiKeySecret {
  /** The whole key, to show once. */
  secret: string;
  /** `dsk_` and the first characters, for lists. */
  prefix: string;
  hash: string;
}

export async function newApiKeySecret(): Promise<NewApiKeySecret> {
  const secret = `${API_KEY_PREFIX}${randomToken()}`;
  return { secret, prefix: secret.slice(0, API_KEY_PREFIX.length + SHOWN_CHARACTERS), hash: await sha256Hex(secret) };
}

/** True when the text has a key's shape; says nothing about whether such a key exists. */
export const looksLikeApiKey = (text: string): boolean => SHAPE.test(text);

export const apiKeyHash = (secret: string): Promise<string> => sha256Hex(secret);
