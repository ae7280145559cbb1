/** @module The profile as `GET /v1/{tenant}/me/profile` and `PATCH /v1/{tenant}/me` return it. */

export type EmailCategory = 'readingReminders' | 'readingReceipts' | 'invoicesByEmail' | 'newNotices' | 'managerReplies';
export const EMAIL_CATEGORIES: readonly EmailCategory[] = ['readingReminders', 'readingReceipts', 'invoicesByEmail', 'newNotices', 'managerReplies'];

export interface Profile {
  email: string;
  name: string;
  phone: string | null;
  language: 'lv' | 'en' | 'ru';
  emailPreferences: Record<EmailCategory, boolean>;
  pendingEmail: string | null;
}
