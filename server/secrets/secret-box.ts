/**
 * @module
 * Secrets Doorstep must be able to read back (an identity provider's client secret), encrypted at
 * rest with AES-256-GCM under DOORSTEP_ENCRYPTION_KEY, which the database never sees. Each
 * ciphertext is bound to what it belongs to (the associated data, e.g. tenant and provider), so a
 * ciphertext copied into another row does not decrypt there. Format: `v1.<iv>.<ciphertext+tag>`,
 * base64url; the version leaves room for a key rotation.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plain: string, boundTo: string): string;
  /** The plain text, or undefined when the ciphertext was altered, moved or made under another key. */
  open(sealed: string, boundTo: string): string | undefined;
}

export function createSecretBox(secret: string): SecretBox {
  if (secret.length < 32) throw new Error('an encryption key is at least 32 characters');
  // Any string of 32+ characters becomes exactly the 256 bits AES-256 takes.
  const key = createHash('sha256').update(`doorstep-secret-box:${secret}`).digest();
  return {
    seal(plain, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, boundTo) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== 'v1' || !ivText || !bodyText) return undefined;
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== 12 || body.length < 16) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - 16));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
