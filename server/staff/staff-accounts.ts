/**
 * @module
 * Opening a staff account: the one way both the operator (the tenant's first admin) and a
 * tenant's admin (everyone after) do it. The password is the manager's choice or, left out, a
 * temporary one made here (auth's password rules apply either way) and shown once in the answer.
 * The account has no second factor yet: its first login enrols TOTP (staff-sessions.ts).
 */
import { z } from '@hono/zod-openapi';
import type { Tx } from '../db/database.ts';
import type { StaffRole } from '../db/types.ts';
import { conflict, unprocessable } from '../errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { passwordProblems } from '../auth/password-policy.ts';
import { requireEmailAddress } from '../mail/address.ts';
import { generateTemporaryPassword } from '../admin/people/temporary-password.ts';
import { Language } from '../tenancy/tenant-fields.ts';
import { insertStaff } from './staff.repository.ts';

export const StaffAccount = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'staff']),
    language: Language,
    status: z.enum(['active', 'disabled']),
    totpEnrolled: z.boolean().openapi({ description: 'False until the first login has set up the authenticator app' }),
    mustChangePassword: z.boolean().openapi({ description: 'An admin reset the password: the temporary one must be changed before anything else' }),
    createdAt: z.string(),
  })
  .openapi('StaffAccount');

export const NewStaffAccount = z
  .strictObject({
    email: z.string().max(1000).openapi({ example: 'ilze@ogresnamsaimnieks.lv' }),
    name: z.string().trim().min(1).max(200).openapi({ example: 'Ilze Kalniņa' }),
    role: z.enum(['admin', 'staff']).default('staff').openapi({ description: '`admin`: everything, incl. keys, settings and staff; `staff`: day-to-day work' }),
    language: Language.optional(),
    password: z.string().max(1000).optional().openapi({ description: 'Left out: a temporary password is made and shown once in the answer' }),
  })
  .openapi('NewStaffAccount');

export const CreatedStaffAccount = z
  .object({
    staff: StaffAccount,
    temporaryPassword: z.string().nullable().openapi({ description: 'The password made for the account, shown only here, once; null when one was given' }),
  })
  .openapi('CreatedStaffAccount');

interface StaffAccountRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  language: 'lv' | 'en' | 'ru';
  status: 'active' | 'disabled';
  totp_confirmed_at: Date | null;
  must_change_password: boolean;
  created_at: Date;
}

export function staffView(row: StaffAccountRow): z.infer<typeof StaffAccount> {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    language: row.language,
    status: row.status,
    totpEnrolled: row.totp_confirmed_at !== null,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.toISOString(),
  };
}

export interface PreparedStaffAccount {
  input: z.infer<typeof NewStaffAccount>;
  email: string;
  passwordHash: string;
  temporaryPassword: string | null;
}

/**
 * Checks the email and the password and hashes the password, before any transaction: Argon2 takes
 * tens of milliseconds and must not hold a connection.
 */
export async function prepareStaffAccount(input: z.infer<typeof NewStaffAccount>): Promise<PreparedStaffAccount> {
  const email = requireEmailAddress(input.email);
  const temporaryPassword = input.password === undefined ? generateTemporaryPassword(email) : null;
  const password = input.password ?? temporaryPassword!;
  const problems = passwordProblems(password, email);
  if (problems.length > 0) throw unprocessable('password_rejected', 'The password does not meet the rules.', { password: problems });
  return { input, email, passwordHash: await hashPassword(password), temporaryPassword };
}

export async function openStaffAccount(
  trx: Tx,
  tenant: { id: string; default_language: 'lv' | 'en' | 'ru' },
  prepared: PreparedStaffAccount,
  now: Date,
): Promise<z.infer<typeof CreatedStaffAccount>> {
  const { input, email, passwordHash, temporaryPassword } = prepared;
  const row = await insertStaff(trx, {
    tenantId: tenant.id,
    email,
    name: input.name,
    role: input.role,
    language: input.language ?? tenant.default_language,
    passwordHash,
    now,
  });
  if (!row) throw conflict('staff_email_taken', 'A staff account with this email exists already.', { email: 'taken' });
  return { staff: staffView(row), temporaryPassword };
}
