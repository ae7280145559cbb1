/**
 * @module
 * Temporary passwords for accounts the manager creates (the demo's `janis`): the resident logs in
 * with it once and must choose a new one before anything else (auth/resident.ts answers 403
 * `password_change_required` until then).
 *
 * The manager may type one (read out on the phone, printed on a letter) or let the server make
 * one. A made one is shown once, in the answer that creates the account, and never stored in
 * clear. It has about 99 bits of randomness from the platform's CSPRNG, in groups that are easy
 * to read aloud, without look-alikes (0/o, 1/l/i). Either way the password rules of
 * auth/password-policy.ts apply, so a temporary password is never weaker than a chosen one.
 */
import { passwordProblems } from '../../auth/password-policy.ts';

/** Lower-case letters and digits without i, l, o, 0 and 1, so a password copied from paper is copied right. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 5;
/** Bytes at or above this would favour the first symbols; they are drawn again. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);

type RandomBytes = (bytes: Uint8Array) => Uint8Array;
const cryptoRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

/** A fresh temporary password such as `k7hq2-mpx9a-…` (about 99 bits) that the password rules accept for `email`. */
export function generateTemporaryPassword(email: string, random: RandomBytes = cryptoRandom): string {
  for (;;) {
    const symbols: string[] = [];
    while (symbols.length < GROUPS * GROUP_LENGTH) {
      for (const byte of random(new Uint8Array(GROUPS * GROUP_LENGTH))) {
        if (byte < UNBIASED_BELOW && symbols.length < GROUPS * GROUP_LENGTH) symbols.push(ALPHABET[byte % ALPHABET.length]!);
      }
    }
    const groups = Array.from({ length: GROUPS }, (_, i) => symbols.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''));
    const password = groups.join('-');
    if (passwordProblems(password, email).length === 0) return password;
  }
}
