/**
 * @module
 * The handlers of a premise's invoices (contract in invoices.routes.ts). Statuses are computed per
 * request from the request clock in the tenant's time zone, so an invoice turns overdue at
 * midnight Riga time without any job having to run.
 */
import type { AppDeps } from '../deps.ts';
import { requireAccess, withResident } from '../auth/resident.ts';
import { notFound, validationFailed } from '../errors.ts';
import { fileDownload } from '../files/download.ts';
import { openStoredFile } from '../files/stored-files.ts';
import { createRouter } from '../http/context.ts';
import { amountToPay, invoiceStatus } from './invoice-status.ts';
import { toCents } from './money.ts';
import { findInvoice, invoiceLines, invoicePdfFileId, invoicesPage, type InvoiceRow } from './invoices.repository.ts';
import { isUuid } from '../http/ids.ts';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE } from './pagination.ts';
import { paymentDetailsFor } from './payment-details.ts';
import { getInvoicePdfRoute, getInvoiceRoute, listInvoicesRoute } from './invoices.routes.ts';

const carriedForward = (row: InvoiceRow) => row.next_balance_carried !== null && toCents(row.next_balance_carried) !== 0n;

/** The resident's view of an invoice row; the admin API shows the same status and amount to pay. */
export function summary(row: InvoiceRow, now: Date, timeZone: string) {
  const amounts = {
    dueDate: row.due_date,
    totalDue: row.total_due,
    paidAmount: row.paid_amount,
    carriedForward: carriedForward(row),
  };
  return {
    id: row.id,
    number: row.number,
    issueDate: row.issue_date,
    period: row.period,
    dueDate: row.due_date,
    amount: row.amount,
    balanceCarried: row.balance_carried,
    totalDue: row.total_due,
    paidAmount: row.paid_amount,
    amountToPay: amountToPay(amounts),
    status: invoiceStatus(amounts, now, timeZone),
    paidAt: row.paid_at ? row.paid_at.toISOString() : null,
    hasPdf: row.file_id !== null,
  };
}

export function invoicesRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listInvoicesRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const query = c.req.valid('query');
    const before = query.before === undefined ? null : decodeCursor(query.before);
    if (query.before !== undefined && !before) throw validationFailed({ before: 'invalid_cursor' });
    const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const timeZone = c.var.tenant.time_zone;

    const body = await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      requireAccess(resident, premiseId, 'invoices.view');
      // One extra row tells whether another page exists without a count query.
      const rows = await invoicesPage(trx, tenantId, premiseId, { before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        invoices: page.map((row) => summary(row, now, timeZone)),
        nextCursor: rows.length > limit && last ? encodeCursor({ issueDate: last.issue_date, id: last.id }) : null,
      };
    });
    return c.json(body, 200);
  });

  router.openapi(getInvoiceRoute, async (c) => {
    const { premiseId, invoiceId } = c.req.valid('param');
    const tenant = c.var.tenant;
    const body = await withResident(deps, c, async ({ trx, resident, tenantId, now }) => {
      requireAccess(resident, premiseId, 'invoices.view');
      const row = isUuid(invoiceId) ? await findInvoice(trx, tenantId, premiseId, invoiceId) : undefined;
      if (!row) throw notFound();
      const lines = await invoiceLines(trx, row.id);
      const invoice = summary(row, now, tenant.time_zone);
      return {
        ...invoice,
        lines: lines.map((line) => ({
          position: line.position,
          service: line.service,
          quantity: line.quantity,
          unit: line.unit,
          unitPrice: line.unit_price,
          sum: line.sum,
        })),
        // A rest carried into a later invoice is paid with that one: offering it here would mean paying twice.
        payment: carriedForward(row) ? null : paymentDetailsFor(tenant.settings, { number: invoice.number, amountToPay: invoice.amountToPay }),
      };
    });
    return c.json(body, 200);
  });

  router.openapi(getInvoicePdfRoute, async (c) => {
    const { premiseId, invoiceId } = c.req.valid('param');
    const file = await withResident(deps, c, async ({ trx, resident, tenantId }) => {
      requireAccess(resident, premiseId, 'invoices.view');
      const pdf = isUuid(invoiceId) ? await invoicePdfFileId(trx, tenantId, premiseId, invoiceId) : undefined;
      const opened = pdf?.file_id ? await openStoredFile(trx, deps.files, pdf.file_id, c.req.header('range')) : undefined;
      if (!opened) throw notFound();
      return opened;
    });
    // An invoice's file is a PDF whatever its row says; the shared download headers add the
    // attachment disposition with a UTF-8 name, nosniff, a sandboxing CSP and private, no-store.
    return fileDownload(c, file, 'application/pdf');
  });

  return router;
}
