/**
 * @module
 * Staff TOTP keys at rest (migration 0085): sealed by the secret box (AES-256-GCM under
 * DOORSTEP_ENCRYPTION_KEY), bound to the tenant and the staff account, so a key copied into
 * another account's row does not open there. The key being enrolled (on the login session) is
 * bound to the same account, so confirming the enrolment moves the sealed text as it is.
 *
 * Keys stored in plain text before 0085 are sealed on start, after the migrations, in one
 * transaction on the owner's connection (every tenant at once); two instances starting together
 * both try, and the row locks leave the second nothing to do.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import type { SecretBox } from '../secrets/secret-box.ts';

const boundTo = (tenantId: string, staffId: string) => `staff-totp:${tenantId}:${staffId}`;

export function sealTotpSecret(box: SecretBox, tenantId: string, staffId: string, key: string): string {
  return box.seal(key, boundTo(tenantId, staffId));
}

/**
 * The base32 key; a sealed text that does not open (another DOORSTEP_ENCRYPTION_KEY, or a row
 * copied from another account) is a 503 with a stable code: the person cannot log in until the
 * key is restored or an admin resets their authenticator.
 */
export function openTotpSecret(box: SecretBox, tenantId: string, staffId: string, sealed: string): string {
  const key = box.open(sealed, boundTo(tenantId, staffId));
  if (key === undefined) {
    throw new ApiError(503, 'totp_key_unreadable', 'The authenticator key cannot be read on this server. Ask an admin to reset your authenticator app.');
  }
  return key;
}

export interface PlainTotpSecretsSealed {
  accounts: number;
  sessions: number;
}

/** Seals every TOTP key still in plain text (accounts, and login sessions mid-enrolment). */
export async function sealPlainTotpSecrets(database: DatabaseHandle, box: SecretBox): Promise<PlainTotpSecretsSealed> {
  return database.withSystem(async (trx) => {
    const accounts = await trx
      .selectFrom('staff_accounts')
      .select(['id', 'tenant_id', 'totp_secret'])
      .where('totp_secret', 'is not', null)
      .where('totp_secret', 'not like', 'v1.%')
      .forUpdate()
      .execute();
    for (const row of accounts) {
      await trx.updateTable('staff_accounts').set({ totp_secret: sealTotpSecret(box, row.tenant_id, row.id, row.totp_secret!) }).where('id', '=', row.id).execute();
    }
    const sessions = await trx
      .selectFrom('staff_sessions')
      .select(['id', 'tenant_id', 'staff_id', 'pending_totp_secret'])
      .where('pending_totp_secret', 'is not', null)
      .where('pending_totp_secret', 'not like', 'v1.%')
      .forUpdate()
      .execute();
    for (const row of sessions) {
      await trx
        .updateTable('staff_sessions')
        .set({ pending_totp_secret: sealTotpSecret(box, row.tenant_id, row.staff_id, row.pending_totp_secret!) })
        .where('id', '=', row.id)
        .execute();
    }
    if (accounts.length + sessions.length > 0) {
      // Every row now obeys the checks 0085 added NOT VALID: make them hold for the whole table.
      await sql`alter table staff_accounts validate constraint staff_accounts_totp_secret_sealed`.execute(trx);
      await sql`alter table staff_sessions validate constraint staff_sessions_pending_totp_secret_sealed`.execute(trx);
    }
    return { accounts: accounts.length, sessions: sessions.length };
  });
}
