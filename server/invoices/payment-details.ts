/**
 * @module
 * What a resident needs to pay an invoice in any Latvian internet bank: recipient, registration
 * number, IBAN, amount and payment reference (the invoice number), plus the EPC QR code that
 * banking apps scan. The bank details are the manager's tenant settings:
 *
 *   settings.bank = { recipient, iban, registrationNumber?, bankName?, bic? }
 *
 * Nothing is offered when nothing is owed, or when the manager has not set (valid) bank details:
 * showing a half-filled payment would be worse than showing none.
 */
import { z } from 'zod';
import { epcPayload, normalizeIban } from './epc-qr.ts';
import { qrSymbol, type QrSymbol } from './qr-image.ts';
import { toCents } from './money.ts';

/** The shape of `settings.bank`; the admin settings route writes it, with the IBAN checked. */
export const BankSettings = z.object({
  recipient: z.string().trim().min(1).max(70),
  iban: z.string().max(64),
  registrationNumber: z.string().trim().max(40).optional(),
  bankName: z.string().trim().max(100).optional(),
  bic: z.string().trim().max(11).optional(),
});

export type BankDetails = z.infer<typeof BankSettings>;

export interface PaymentDetails {
  recipient: string;
  registrationNumber: string | null;
  bankName: string | null;
  iban: string;
  bic: string | null;
  amount: string;
  currency: 'EUR';
  reference: string;
  /** Null only when the details cannot be put into an EPC code (then the text details still help). */
  qr: (QrSymbol & { payload: string }) | null;
}

/** The bank details in a tenant's settings, or null when missing or not usable. */
export function bankDetailsFrom(settings: unknown): BankDetails | null {
  const bank = (settings as { bank?: unknown } | null | undefined)?.bank;
  const parsed = BankSettings.safeParse(bank);
  if (!parsed.success) return null;
  const iban = normalizeIban(parsed.data.iban);
  return iban ? { ...parsed.data, iban } : null;
}

export function paymentDetailsFor(settings: unknown, invoice: { number: string; amountToPay: string }): PaymentDetails | null {
  if (toCents(invoice.amountToPay) <= 0n) return null;
  const bank = bankDetailsFrom(settings);
  if (!bank) return null;
  let qr: PaymentDetails['qr'] = null;
  try {
    const payload = epcPayload({ recipient: bank.recipient, iban: bank.iban, bic: bank.bic, amount: invoice.amountToPay, remittance: invoice.number });
    qr = { payload, ...qrSymbol(payload) };
  } catch {
    // e.g. a BIC the manager mistyped: the resident can still copy the details by hand.
    qr = null;
  }
  return {
    recipient: bank.recipient,
    registrationNumber: bank.registrationNumber || null,
    bankName: bank.bankName || null,
    iban: bank.iban,
    bic: bank.bic || null,
    amount: invoice.amountToPay,
    currency: 'EUR',
    reference: invoice.number,
    qr,
  };
}
