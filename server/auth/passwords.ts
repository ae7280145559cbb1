/**
 * @module
 * Argon2id hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane). Unknown emails are
 * verified against a dummy hash so a login for an email that has no account takes as long as one
 * for an email that does: the timing must not tell which emails are registered.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash; with no stored hash (unknown email, or an account
 * without a password) it verifies against a dummy hash and answers false, taking the same time.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('dummy password that no account has ' + Math.random());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
