/**
 * @module
 * Reading and writing the profile: contact details, language and email preferences.
 */
import type { Tx } from '../db/database.ts';
import type { EmailCategory } from '../mail/texts/types.ts';

export type EmailPreferences = Record<EmailCategory, boolean>;

/** What an account that never chose gets: reminders and notices on, receipts and invoices by email off. */
export const DEFAULT_EMAIL_PREFERENCES: EmailPreferences = {
  readingReminders: true,
  readingReceipts: false,
  invoicesByEmail: false,
  newNotices: true,
  managerReplies: true,
};

export function effectivePreferences(stored: unknown): EmailPreferences {
  const value = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<string, unknown>>;
  const result = { ...DEFAULT_EMAIL_PREFERENCES };
  for (const key of Object.keys(result) as EmailCategory[]) if (typeof value[key] === 'boolean') result[key] = value[key] as boolean;
  return result;
}

export async function loadProfile(trx: Tx, userId: string, now: Date) {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'phone', 'language', 'email_preferences'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const pending = await trx
    .selectFrom('email_tokens')
    .select('email')
    .where('user_id', '=', userId)
    .where('purpose', '=', 'email_change')
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    email: user.email,
    name: user.name,
    phone: user.phone,
    language: user.language,
    emailPreferences: effectivePreferences(user.email_preferences),
    pendingEmail: pending?.email ?? null,
  };
}

export async function saveProfile(
  trx: Tx,
  userId: string,
  change: { name?: string; phone?: string | null; language?: 'lv' | 'en' | 'ru'; emailPreferences?: Partial<EmailPreferences> },
  now: Date,
): Promise<void> {
  const current = await trx.selectFrom('users').select('email_preferences').where('id', '=', userId).executeTakeFirstOrThrow();
  await trx
    .updateTable('users')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.phone !== undefined ? { phone: change.phone } : {}),
      ...(change.language !== undefined ? { language: change.language } : {}),
      ...(change.emailPreferences
        ? { email_preferences: JSON.stringify({ ...effectivePreferences(current.email_preferences), ...change.emailPreferences }) }
        : {}),
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}
