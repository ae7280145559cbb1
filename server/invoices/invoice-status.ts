/**
 * @module
 * The payment status of an invoice, as the manager's rulebook has it:
 * - paid: what was paid covers the total to pay (an overpaid or zero total is paid too);
 * - overdue: something is still owed and the due date has passed *in the tenant's time zone*,
 *   i.e. from 00:00 Riga time on the day after the due date (the due date itself is still on time);
 * - partly paid: something was paid, something is still owed, and it is not overdue yet;
 * - unpaid: nothing paid yet and not overdue.
 * Overdue wins over partly paid: what the resident must know first is that the payment is late.
 *
 * Bills carry the unpaid rest of one invoice into the next ("Parāds no iepriekšējā perioda"). Once
 * that has happened the debt is the newer invoice's, with the newer due date, so the older invoice
 * is never overdue any more: it stays unpaid or partly paid by its own payments. Otherwise a
 * resident who paid the newer invoice in full, debt included, would still see the older one late.
 */
import { fromCents, toCents } from './money.ts';

export type InvoiceStatus = 'unpaid' | 'partly_paid' | 'paid' | 'overdue';

export interface InvoiceAmounts {
  /** 'YYYY-MM-DD', the last day to pay. */
  dueDate: string;
  totalDue: string;
  paidAmount: string;
  /** A later invoice of the premise has been issued carrying a balance over (≠ 0). */
  carriedForward?: boolean;
}

const FALLBACK_TIME_ZONE = 'Europe/Riga';

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs far more than using one, and an
 * invoice list asked for a new one per invoice (a tenth of its request's CPU, issue #16).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    // A mistyped zone in a tenant's settings must not turn every invoice request into a 500.
    format = new Intl.DateTimeFormat('en-CA', { timeZone: FALLBACK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  }
  // Zones come from tenants' settings: a few; the bound only keeps a typo storm from growing it.
  if (dateFormats.size >= 100) dateFormats.clear();
  dateFormats.set(timeZone, format);
  return format;
}

/** The calendar date ('YYYY-MM-DD') that `at` falls on in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of dateFormat(timeZone).formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}

/** What is still to pay: total minus paid, never below zero. */
export function amountToPay(invoice: Pick<InvoiceAmounts, 'totalDue' | 'paidAmount'>): string {
  const rest = toCents(invoice.totalDue) - toCents(invoice.paidAmount);
  return fromCents(rest > 0n ? rest : 0n);
}

export function invoiceStatus(invoice: InvoiceAmounts, now: Date, timeZone: string): InvoiceStatus {
  const paid = toCents(invoice.paidAmount);
  if (paid >= toCents(invoice.totalDue)) return 'paid';
  // 'YYYY-MM-DD' strings compare in calendar order.
  if (!invoice.carriedForward && localDate(now, timeZone) > invoice.dueDate) return 'overdue';
  return paid > 0n ? 'partly_paid' : 'unpaid';
}
