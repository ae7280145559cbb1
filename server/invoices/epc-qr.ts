/**
 * @module
 * The payload of an EPC QR code ("EPC069-12", the European Payments Council's Quick Response Code
 * guidelines for a SEPA credit transfer), which banking apps scan to fill in a payment. Version 002
 * of the format, where the BIC may be left out inside the EEA. The payload is lines separated by
 * LF, in this order:
 *
 *  1 Service tag            "BCD"
 *  2 Version                "002"
 *  3 Character set          "1" = UTF-8
 *  4 Identification         "SCT" (SEPA credit transfer)
 *  5 BIC of the recipient   8 or 11 characters, optional in version 002
 *  6 Name of the recipient  at most 70 characters
 *  7 IBAN of the recipient  at most 34 characters
 *  8 Amount                 "EUR" + 0.01 … 999999999.99 with a dot, e.g. "EUR123.45"
 *  9 Purpose                4-letter code, optional
 * 10 Structured reference   ISO 11649 creditor reference ("RF…"), at most 35; or empty
 * 11 Unstructured text      at most 140 characters; used only when 10 is empty
 * 12 Information            note to the payer, at most 70, optional
 *
 * The whole payload is at most 331 bytes. Trailing empty fields are left out (the guidelines
 * allow it), which keeps the code small and easy to scan off a phone screen.
 */
import { fromCents, toCents } from './money.ts';

export interface CreditTransfer {
  recipient: string;
  iban: string;
  bic?: string | undefined;
  /** Decimal string in euros, "123.45". */
  amount: string;
  /** Payment details the manager matches payments by (for us: the invoice number). */
  remittance: string;
  /** An ISO 11649 reference (RF…) instead of free text, when the manager issues them. */
  creditorReference?: string | undefined;
  purpose?: string | undefined;
  information?: string | undefined;
}

export const EPC_MAX_BYTES = 331;
const MAX_CENTS = 99_999_999_999n;

/** IBAN without spaces, upper case, and with a valid ISO 13616 mod-97 check. */
export function normalizeIban(iban: string): string | null {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return null;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  const digits = rearranged.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1 ? compact : null;
}

/** Fields must stay on their own line: a newline inside a name would shift every later field. */
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();

/** Builds the payload text; throws RangeError when a field breaks the guidelines. */
export function epcPayload(transfer: CreditTransfer): string {
  const iban = normalizeIban(transfer.iban);
  if (!iban) throw new RangeError('epc: IBAN is not valid');
  const bic = (transfer.bic ?? '').replace(/\s+/g, '').toUpperCase();
  if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) throw new RangeError('epc: BIC is not valid');
  const recipient = oneLine(transfer.recipient);
  if (!recipient || [...recipient].length > 70) throw new RangeError('epc: recipient must be 1–70 characters');
  const cents = toCents(transfer.amount);
  if (cents < 1n || cents > MAX_CENTS) throw new RangeError('epc: amount must be 0.01–999999999.99');
  const purpose = (transfer.purpose ?? '').trim().toUpperCase();
  if (purpose && !/^[A-Z]{4}$/.test(purpose)) throw new RangeError('epc: purpose is a 4-letter code');
  const reference = (transfer.creditorReference ?? '').replace(/\s+/g, '').toUpperCase();
  if (reference && !/^RF\d{2}[A-Z0-9]{1,21}$/.test(reference)) throw new RangeError('epc: creditor reference is not ISO 11649');
  const text = reference ? '' : oneLine(transfer.remittance);
  if ([...text].length > 140) throw new RangeError('epc: remittance text is at most 140 characters');
  const information = oneLine(transfer.information ?? '');
  if ([...information].length > 70) throw new RangeError('epc: information is at most 70 characters');

  const fields = ['BCD', '002', '1', 'SCT', bic, recipient, iban, `EUR${fromCents(cents)}`, purpose, reference, text, information];
  while (fields.at(-1) === '') fields.pop();
  const payload = fields.join('\n');
  if (new TextEncoder().encode(payload).length > EPC_MAX_BYTES) throw new RangeError('epc: payload exceeds 331 bytes');
  return payload;
}
