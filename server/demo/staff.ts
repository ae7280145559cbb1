/**
 * @module
 * The demo's console account, so a visitor can see the console at /console/demo/: an admin of
 * `demo` whose TOTP key is published in the README (any authenticator app, or the tests, compute
 * its codes). A fixed key is fine for a demo and nowhere else: the seed runs only in demo mode.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { sealTotpSecret } from '../staff/totp-secrets.ts';

export const DEMO_STAFF = {
  email: 'birojs@example.lv',
  name: 'Ilze Kalniņa',
  /** base32, 20 bytes. */
  totpSecret: 'DOORSTEPDEMOCONSOLETOTPKEYABC234',
} as const;

export async function seedDemoStaff(trx: Tx, tenantId: string, passwordHash: string, secretBox: SecretBox, now: Date): Promise<void> {
  // The key is sealed like every staff key (migration 0085), bound to the account's id.
  const id = randomUUID();
  await trx
    .insertInto('staff_accounts')
    .values({
      id,
      tenant_id: tenantId,
      email: DEMO_STAFF.email,
      name: DEMO_STAFF.name,
      role: 'admin',
      language: 'lv',
      password_hash: passwordHash,
      totp_secret: sealTotpSecret(secretBox, tenantId, id, DEMO_STAFF.totpSecret),
      totp_confirmed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
