/**
 * @module
 * The demo's console account, so a visitor can see the console at /console/demo/: an admin of
 * `demo` whose TOTP key is published in the README (any authenticator app, or the tests, compute
 * its codes). A fixed key is fine for a demo and nowhere else: the seed runs only in demo mode.
 */
import type { Tx } from '../db/database.ts';

export const DEMO_STAFF = {
  email: 'birojs@example.lv',
  name: 'Ilze Kalniņa',
  /** base32, 20 bytes. */
  totpSecret: 'DOORSTEPDEMOCONSOLETOTPKEYABC234',
} as const;

export async function seedDemoStaff(trx: Tx, tenantId: string, passwordHash: string, now: Date): Promise<void> {
  await trx
    .insertInto('staff_accounts')
    .values({
      tenant_id: tenantId,
      email: DEMO_STAFF.email,
      name: DEMO_STAFF.name,
      role: 'admin',
      language: 'lv',
      password_hash: passwordHash,
      totp_secret: DEMO_STAFF.totpSecret,
      totp_confirmed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
