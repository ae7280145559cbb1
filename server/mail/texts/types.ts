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

/** One premise in a reading reminder, with the meters that still owe a reading ("Aukstais ūdens, nr. 123"). */
export interface ReminderPremise {
  label: string;
  meters: Array<{ kind: string; serialNumber: string; location: string }>;
}

export interface ReadingReminderParams {
  tenant: string;
  /** Dates as people read them: "30.05.2026". */
  firstDay: string;
  lastDay: string;
  premises: ReminderPremise[];
}

export interface NewInvoiceParams {
  tenant: string;
  number: string;
  /** "04.2026" */
  period: string;
  premise: string;
  /** Decimal strings in euros. */
  amountToPay: string;
  /** "31.05.2026" */
  dueDate: string;
  /** How to pay, when the manager has set its bank details and something is owed. */
  payment: { recipient: string; iban: string; reference: string } | null;
}

/** A submitted reading, as its receipt confirms it. */
export interface ReadingReceiptParams {
  tenant: string;
  premise: string;
  meter: { kind: string; serialNumber: string; location: string };
  /** "05.2026" */
  period: string;
  /** As the resident entered it, with the meter's decimals ("123,45"), and its unit ("m3"). */
  value: string;
  unit: string;
  /** Local time in the tenant's zone: "30.05.2026 14:03". */
  receivedAt: string;
  /** A new version of a reading of the same period. */
  corrected: boolean;
}

/** Meters nearing their verification date, for one person. */
export interface VerificationReminderParams {
  tenant: string;
  meters: Array<{ premise: string; kind: string; serialNumber: string; location: string; /** "30.07.2026" */ dueDate: string }>;
}

export type EmailCategory = 'readingReminders' | 'readingReceipts' | 'invoicesByEmail' | 'newNotices' | 'managerReplies';

export interface MailTexts {
  greeting(name: string): string;
  registerConfirm(p: { tenant: string }): MailBlock;
  alreadyRegistered(p: { tenant: string }): MailBlock;
  passwordReset(p: { tenant: string }): MailBlock;
  passwordChanged(p: { tenant: string }): MailBlock;
  emailChangeConfirm(p: { tenant: string }): MailBlock;
  emailChangeNotice(p: { tenant: string; newEmail: string }): MailBlock;
  /** The reading window has opened (sent to those who still owe a reading). */
  windowOpens(p: ReadingReminderParams): MailBlock;
  /** The window's last day (sent to those who still owe a reading). */
  windowLastDay(p: ReadingReminderParams): MailBlock;
  /** The confirmation of a submitted reading (sent to the submitter if they chose receipts). */
  readingReceipt(p: ReadingReceiptParams): MailBlock;
  /** Meters whose verification date nears (sent to those who submit their readings). */
  verificationDue(p: VerificationReminderParams): MailBlock;
  /** A new invoice, its PDF attached (sent to those who chose invoices by email). */
  newInvoice(p: NewInvoiceParams): MailBlock;
  /** A meter kind as residents call it. */
  meterKinds: Record<string, string>;
  /** Why a reminder-type message came, and the link that stops it. */
  subscription(p: { tenant: string; category: EmailCategory }): { footer: string; unsubscribe: string };
  categories: Record<EmailCategory, string>;
}
