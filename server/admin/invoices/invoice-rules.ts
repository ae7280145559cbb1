/**
 * @module
 * What a manager's invoice must satisfy before residents see it, free of HTTP and SQL:
 * - money is a decimal string with at most two places (`"12.30"`, `"-5"`), at most ten digits
 *   before the point (the columns are numeric(12, 2)); quantities and unit prices take four places;
 * - the lines, when there are any, add up to the amount for the period to the cent, otherwise 422
 *   `lines_do_not_add_up` (a resident who sees lines that do not make the total calls the manager;
 *   we refuse rather than round or fix them up). An invoice without lines is allowed: some billing
 *   systems send only the total and the PDF;
 * - the total to pay is the amount plus the balance carried from the previous invoice; a total
 *   sent along must be exactly that (422 `total_does_not_add_up`);
 * - what was paid is never negative; the time of payment defaults to now when a payment is
 *   recorded without one, and is cleared when nothing is paid.
 * The payment status (unpaid, partly paid, paid, overdue) is never stored: the resident side
 * derives it on every request (invoices/invoice-status.ts), so it is right at midnight too.
 */
import { fromCents, toCents } from '../../invoices/money.ts';

export const MONEY = /^-?\d{1,10}(\.\d{1,2})?$/;
export const QUANTITY = /^-?\d{1,10}(\.\d{1,4})?$/;
export const INVOICE_LIMITS = { lines: 200, service: 200, unit: 20 } as const;

/** A decimal string with exactly `places` places, as Postgres gives numeric(…, places) back. */
export function toFixedPlaces(value: string, places: number): string {
  const [, sign = '', whole = '0', fraction = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim()) ?? [];
  const digits = `${BigInt(whole)}${places > 0 ? `.${fraction.padEnd(places, '0').slice(0, places)}` : ''}`;
  return /^0(\.0*)?$/.test(digits) ? digits : `${sign}${digits}`;
}

export const money = (value: string) => fromCents(toCents(value));

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface InvoiceSums {
  amount: string;
  balanceCarried: string;
  totalDue?: string | undefined;
  lines: readonly { sum: string }[];
}

export type SumsDecision =
  | { ok: true; totalDue: string }
  | { ok: false; code: 'lines_do_not_add_up' | 'total_does_not_add_up'; fields: Record<string, string> };

export function checkInvoiceSums(invoice: InvoiceSums): SumsDecision {
  if (invoice.lines.length > 0) {
    const linesTotal = invoice.lines.reduce((sum, line) => sum + toCents(line.sum), 0n);
    if (linesTotal !== toCents(invoice.amount)) {
      return { ok: false, code: 'lines_do_not_add_up', fields: { amount: invoice.amount, linesTotal: fromCents(linesTotal) } };
    }
  }
  const totalDue = toCents(invoice.amount) + toCents(invoice.balanceCarried);
  if (invoice.totalDue !== undefined && toCents(invoice.totalDue) !== totalDue) {
    return { ok: false, code: 'total_does_not_add_up', fields: { totalDue: invoice.totalDue, expected: fromCents(totalDue) } };
  }
  return { ok: true, totalDue: fromCents(totalDue) };
}

/**
 * When the payment was made, after a change of what was paid: nothing paid means no time; a
 * time sent along is kept; otherwise a new payment is dated now and an unchanged one keeps its
 * time.
 */
export function paidAtAfter(input: { paidAmount: string; paidAt?: Date | null | undefined }, current: { paidAmount: string; paidAt: Date | null } | undefined, now: Date): Date | null {
  if (toCents(input.paidAmount) === 0n) return null;
  if (input.paidAt !== undefined && input.paidAt !== null) return input.paidAt;
  if (current && toCents(current.paidAmount) === toCents(input.paidAmount) && input.paidAt === undefined) return current.paidAt ?? now;
  return now;
}
