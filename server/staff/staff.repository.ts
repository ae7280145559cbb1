/**
 * @module
 * Staff accounts and their recovery codes (tables of migration 0040). Plain Kysely functions
 * taking the transaction first; emails arrive in their stored normal form.
 */
import type { Tx } from '../db/database.ts';
import type { StaffRole } from '../db/types.ts';

const ACCOUNT_COLUMNS = ['id', 'email', 'name', 'role', 'language', 'status', 'totp_confirmed_at', 'must_change_password', 'created_at'] as const;

export function findStaffByEmail(trx: Tx, tenantId: string, email: string) {
  return trx
    .selectFrom('staff_accounts')
    .select([...ACCOUNT_COLUMNS, 'password_hash', 'totp_secret', 'totp_last_step'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
}

export function findStaff(trx: Tx, staffId: string) {
  return trx
    .selectFrom('staff_accounts')
    .select([...ACCOUNT_COLUMNS, 'password_hash', 'totp_secret', 'totp_last_step'])
    .where('id', '=', staffId)
    .executeTakeFirst();
}

export type StaffRow = NonNullable<Awaited<ReturnType<typeof findStaff>>>;

export function listStaff(trx: Tx) {
  return trx.selectFrom('staff_accounts').select(ACCOUNT_COLUMNS).orderBy('email').execute();
}

/** Inserts the account, or undefined when the email is taken in this tenant. */
export function insertStaff(
  trx: Tx,
  input: { tenantId: string; email: string; name: string; role: StaffRole; language: 'lv' | 'en' | 'ru'; passwordHash: string; now: Date },
) {
  return trx
    .insertInto('staff_accounts')
    .values({
      tenant_id: input.tenantId,
      email: input.email,
      name: input.name,
      role: input.role,
      language: input.language,
      password_hash: input.passwordHash,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirst();
}

export async function disableStaff(trx: Tx, staffId: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('staff_accounts')
    .set({ status: 'disabled', updated_at: now })
    .where('id', '=', staffId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

/**
 * Remembers the step a code was accepted for. Conditional, so of two logins racing with the same
 * code exactly one wins.
 */
export async function useTotpStep(trx: Tx, staffId: string, step: bigint, previous: string | null): Promise<boolean> {
  let query = trx.updateTable('staff_accounts').set({ totp_last_step: step.toString() }).where('id', '=', staffId);
  query = previous === null ? query.where('totp_last_step', 'is', null) : query.where('totp_last_step', '=', previous);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

export async function confirmTotp(trx: Tx, input: { tenantId: string; staffId: string; secret: string; step: bigint; recoveryCodeHashes: string[]; now: Date }) {
  await trx
    .updateTable('staff_accounts')
    .set({ totp_secret: input.secret, totp_confirmed_at: input.now, totp_last_step: input.step.toString(), updated_at: input.now })
    .where('id', '=', input.staffId)
    .execute();
  await trx.deleteFrom('staff_recovery_codes').where('staff_id', '=', input.staffId).execute();
  await trx
    .insertInto('staff_recovery_codes')
    .values(input.recoveryCodeHashes.map((code_hash) => ({ tenant_id: input.tenantId, staff_id: input.staffId, code_hash })))
    .execute();
}

/** Marks a recovery code used; false when it is not one of the account's, or was used already. */
export async function useRecoveryCode(trx: Tx, staffId: string, codeHash: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('staff_recovery_codes')
    .set({ used_at: now })
    .where('staff_id', '=', staffId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

/** A new password hash; `mustChange` when it is a temporary one an admin made. */
export async function setStaffPassword(trx: Tx, staffId: string, passwordHash: string, mustChange: boolean, now: Date): Promise<void> {
  await trx.updateTable('staff_accounts').set({ password_hash: passwordHash, must_change_password: mustChange, updated_at: now }).where('id', '=', staffId).execute();
}

/** Forgets the TOTP key and the recovery codes: the next login enrols a new authenticator app. */
export async function resetStaffTotp(trx: Tx, staffId: string, now: Date): Promise<void> {
  await trx.updateTable('staff_accounts').set({ totp_secret: null, totp_confirmed_at: null, totp_last_step: null, updated_at: now }).where('id', '=', staffId).execute();
  await trx.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
}

export async function setStaffRole(trx: Tx, staffId: string, role: StaffRole, now: Date) {
  return trx.updateTable('staff_accounts').set({ role, updated_at: now }).where('id', '=', staffId).returning(ACCOUNT_COLUMNS).executeTakeFirst();
}

/**
 * The ids of the tenant's active admins, each row locked until the transaction ends (in id order,
 * so two callers never lock them crosswise). A second change waits for the first to commit and
 * then sees the accounts as it left them: of two admins demoting each other at once, the second
 * finds only one admin left.
 */
export async function lockActiveAdmins(trx: Tx): Promise<string[]> {
  const rows = await trx.selectFrom('staff_accounts').select('id').where('role', '=', 'admin').where('status', '=', 'active').orderBy('id').forUpdate().execute();
  return rows.map((row) => row.id);
}
