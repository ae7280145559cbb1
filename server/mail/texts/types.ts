/**
 * @module
 * The shape of one language's email texts. Each message is a function of what it mentions, so a
 * translation cannot forget a parameter and the compiler checks that every language has every text.
 */

export interface MailBlock {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: string;
  footer?: string;
}

export type EmailCategory = 'readingReminders' | 'invoicesByEmail' | 'newNotices' | 'managerReplies';

export interface MailTexts {
  greeting(name: string): string;
  registerConfirm(p: { tenant: string }): MailBlock;
  alreadyRegistered(p: { tenant: string }): MailBlock;
  passwordReset(p: { tenant: string }): MailBlock;
  passwordChanged(p: { tenant: string }): MailBlock;
  emailChangeConfirm(p: { tenant: string }): MailBlock;
  emailChangeNotice(p: { tenant: string; newEmail: string }): MailBlock;
  /** Why a reminder-type message came, and the link that stops it. */
  subscription(p: { tenant: string; category: EmailCategory }): { footer: string; unsubscribe: string };
  categories: Record<EmailCategory, string>;
}
