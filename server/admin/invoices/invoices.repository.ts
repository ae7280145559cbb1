/**
 * @module
 * Invoices as the manager writes them: found by number (unique per tenant), written with their
 * lines, listed in id order for the admin cursor. The columns a resident reads are the resident
 * repository's (invoices/invoices.repository.ts), so both sides see one and the same row.
 */
import type { Tx } from '../../db/database.ts';
import { deleteStoredFiles, type FileChanges } from '../../files/stored-files.ts';
import { SUMMARY_COLUMNS, nextBalanceCarried } from '../../invoices/invoices.repository.ts';

export interface InvoiceWrite {
  premiseId: string;
  number: string;
  issueDate: string;
  period: string;
  dueDate: string;
  amount: string;
  balanceCarried: string;
  totalDue: string;
  paidAmount: string;
  paidAt: Date | null;
}

export interface LineWrite {
  service: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  sum: string;
}

const summaryQuery = (trx: Tx) =>
  trx
    .selectFrom('invoices as i')
    .innerJoin('premises as p', 'p.id', 'i.premise_id')
    .leftJoin('stored_files as f', 'f.id', 'i.file_id')
    .select(SUMMARY_COLUMNS)
    .select(nextBalanceCarried)
    .select(['i.premise_id', 'p.external_ref as premise_ref', 'p.label as premise_label', 'f.file_name', 'f.size_bytes', 'f.sha256']);

export type AdminInvoiceRow = NonNullable<Awaited<ReturnType<typeof findInvoiceByNumber>>>;

export async function findInvoiceByNumber(trx: Tx, number: string) {
  return summaryQuery(trx).where('i.number', '=', number).executeTakeFirst();
}

export async function invoicesPage(trx: Tx, filter: { afterId?: string | undefined; limit: number; premiseId?: string | undefined; period?: string | undefined }) {
  let query = summaryQuery(trx);
  if (filter.afterId) query = query.where('i.id', '>', filter.afterId);
  if (filter.premiseId) query = query.where('i.premise_id', '=', filter.premiseId);
  if (filter.period) query = query.where('i.period', '=', filter.period);
  return query.orderBy('i.id').limit(filter.limit + 1).execute();
}

const columns = (tenantId: string, invoice: InvoiceWrite) => ({
  tenant_id: tenantId,
  premise_id: invoice.premiseId,
  number: invoice.number,
  issue_date: invoice.issueDate,
  period: invoice.period,
  due_date: invoice.dueDate,
  amount: invoice.amount,
  balance_carried: invoice.balanceCarried,
  total_due: invoice.totalDue,
  paid_amount: invoice.paidAmount,
  paid_at: invoice.paidAt,
});

/** The new invoice's id; undefined when a concurrent request took the number first. */
export async function insertInvoice(trx: Tx, tenantId: string, invoice: InvoiceWrite, now: Date): Promise<string | undefined> {
  const row = await trx
    .insertInto('invoices')
    .values({ ...columns(tenantId, invoice), created_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateInvoice(trx: Tx, tenantId: string, invoiceId: string, invoice: InvoiceWrite): Promise<void> {
  await trx.updateTable('invoices').set(columns(tenantId, invoice)).where('id', '=', invoiceId).execute();
}

export async function setInvoicePayment(trx: Tx, invoiceId: string, payment: { paidAmount: string; paidAt: Date | null; dueDate: string }): Promise<void> {
  await trx.updateTable('invoices').set({ paid_amount: payment.paidAmount, paid_at: payment.paidAt, due_date: payment.dueDate }).where('id', '=', invoiceId).execute();
}

export async function replaceInvoiceLines(trx: Tx, tenantId: string, invoiceId: string, lines: readonly LineWrite[]): Promise<void> {
  await trx.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto('invoice_lines')
    .values(
      lines.map((line, index) => ({
        tenant_id: tenantId,
        invoice_id: invoiceId,
        position: index + 1,
        service: line.service,
        quantity: line.quantity,
        unit: line.unit,
        unit_price: line.unitPrice,
        sum: line.sum,
      })),
    )
    .execute();
}

/** Points the invoice at a new PDF and drops the one it replaces, which nothing else holds. */
export async function replaceInvoiceFile(trx: Tx, files: FileChanges, invoiceId: string, oldFileId: string | null, newFileId: string): Promise<void> {
  await trx.updateTable('invoices').set({ file_id: newFileId }).where('id', '=', invoiceId).execute();
  if (oldFileId) await deleteStoredFiles(trx, files, [oldFileId]);
}
