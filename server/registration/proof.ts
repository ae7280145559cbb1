/**
 * @module
 * The registration proof, as pure functions: whoever registers must show what only the customer
 * has, the paper invoice. The account number picks the premise; the number and the total
 * ("Kopā apmaksai") of one of its last three invoices must match. Three, not one, because the
 * newest invoice may not have reached the letterbox yet.
 *
 * People type totals as they see them: "45,67", "45.67", "€ 45,67", "45,6". Invoice numbers are
 * compared without spaces and case.
 */

export const PROOF_INVOICES = 3;

/** "€ 1 234,5" → "1234.50"; null when it is not an amount with at most two decimals. */
export function parseAmount(raw: string): string | null {
  const compact = raw.replace(/[\s\u00a0€]|EUR/gi, '');
  const match = /^(-?)(\d{1,10})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const integer = whole!.replace(/^0+(?=\d)/, '');
  const cents = fraction.padEnd(2, '0');
  const zero = /^0+$/.test(integer) && cents === '00';
  return `${zero ? '' : sign}${integer}.${cents}`;
}

export function normalizeInvoiceNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export interface ProofInvoice {
  number: string;
  total_due: string;
}

/** True when one of the given (latest) invoices has this number and this total. */
export function proofMatches(latest: readonly ProofInvoice[], invoiceNumber: string, total: string): boolean {
  const wantedNumber = normalizeInvoiceNumber(invoiceNumber);
  const wantedTotal = parseAmount(total);
  if (!wantedNumber || wantedTotal === null) return false;
  return latest
    .slice(0, PROOF_INVOICES)
    .some((invoice) => normalizeInvoiceNumber(invoice.number) === wantedNumber && parseAmount(invoice.total_due) === wantedTotal);
}
