/**
 * @module
 * What `<invoice-list>` asks the API for, and the shapes it gets back (see
 * server/invoices/invoices.routes.ts for the contract). Downloads go through the same client, so
 * the PDF request carries the session's token like every other call.
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
  const query = new URLSearchParams({ limit: String(page.limit) });
  if (page.before) query.set('before', page.before);
  return client.get<InvoicePage>(`${invoicesPath(premiseId)}?${query}`, page.signal ? { signal: page.signal } : {});
}

export function fetchInvoice(client: ApiClient, premiseId: string, invoiceId: string, signal?: AbortSignal) {
  return client.get<InvoiceDetail>(`${invoicesPath(premiseId)}/${encodeURIComponent(invoiceId)}`, signal ? { signal } : {});
}

/** The invoice's PDF and the file name the server suggests for it. */
export async function fetchInvoicePdf(client: ApiClient, premiseId: string, invoice: Pick<InvoiceSummary, 'id' | 'number'>) {
  const response = await client.fetch('GET', `${invoicesPath(premiseId)}/${encodeURIComponent(invoice.id)}/pdf`, {
    headers: { Accept: 'application/pdf' },
  });
  const blob = await response.blob();
  const fileName = fileNameFrom(response.headers.get('Content-Disposition'), `${invoice.number}.pdf`);
  return { blob: blob.type ? blob : new Blob([blob], { type: 'application/pdf' }), fileName };
}

/** The name in a Content-Disposition header: `filename*` (UTF-8) first, then `filename`. */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/**
 * Hands a downloaded file to the browser as a download. A link with `download` is the one way that
 * works for a file fetched with a bearer token (a plain link could not send the token).
 */
export function saveFile(blob: Blob, fileName: string, document: Document): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
