/**
 * @module
 * What `<invoice-list>` asks the API for, and the shapes it gets back (see
 * server/invoices/invoices.routes.ts for the contract). The PDF goes through the same client, so
 * its request carries the session's token like every other call.
 */
import type { ApiClient } from '../core/api-client.ts';

export type InvoiceStatus = 'unpaid' | 'partly_paid' | 'paid' | 'overdue';

export interface InvoiceSummary {
  id: string;
  number: string;
  issueDate: string;
  period: string;
  dueDate: string;
  amount: string;
  balanceCarried: string;
  totalDue: string;
  paidAmount: string;
  amountToPay: string;
  status: InvoiceStatus;
  paidAt: string | null;
  hasPdf: boolean;
}

export interface InvoicePayment {
  recipient: string;
  registrationNumber: string | null;
  bankName: string | null;
  iban: string;
  bic: string | null;
  amount: string;
  currency: 'EUR';
  reference: string;
  qr: { payload: string; size: number; path: string; version: number } | null;
}

export interface InvoiceDetail extends InvoiceSummary {
  lines: Array<{ position: number; service: string; quantity: string; unit: string; unitPrice: string; sum: string }>;
  payment: InvoicePayment | null;
}

export interface InvoicePage {
  invoices: InvoiceSummary[];
  nextCursor: string | null;
}

const invoicesPath = (premiseId: string) => `/premises/${encodeURIComponent(premiseId)}/invoices`;

export function fetchInvoicePage(client: ApiClient, premiseId: string, page: { before?: string | null; limit: number; signal?: AbortSignal }) {
  return client.call('get', '/premises/{premiseId}/invoices', {
    params: { premiseId },
    query: { limit: page.limit, ...(page.before ? { before: page.before } : {}) },
    ...(page.signal ? { signal: page.signal } : {}),
  });
}

export function fetchInvoice(client: ApiClient, premiseId: string, invoiceId: string, signal?: AbortSignal) {
  return client.call('get', '/premises/{premiseId}/invoices/{invoiceId}', { params: { premiseId, invoiceId }, ...(signal ? { signal } : {}) });
}

/** The invoice's PDF as the server sent it (save it with core/download.ts). */
export function fetchInvoicePdf(client: ApiClient, premiseId: string, invoice: Pick<InvoiceSummary, 'id'>): Promise<Response> {
  return client.fetch('GET', `${invoicesPath(premiseId)}/${encodeURIComponent(invoice.id)}/pdf`, { headers: { Accept: 'application/pdf' } });
}
