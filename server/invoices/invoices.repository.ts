/**
 * @module
 * Invoices of a premise, their lines and their stored PDF. Plain functions taking the tenant's
 * transaction first; every query also names the tenant so it runs on the keyset index
 * (tenant_id, premise_id, issue_date DESC, id DESC), while row-level security guards the rest.
 */
import type { Tx } from '../db/database.ts';
import type { InvoiceCursor } from './pagination.ts';

import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/types.ts';
import { storeFile, type FileChanges } from '../files/stored-files.ts';

export const SUMMARY_COLUMNS = [
  'i.id',
  'i.number',
  'i.issue_date',
  'i.period',
  'i.due_date',
  'i.amount',
  'i.balance_carried',
  'i.total_due',
  'i.paid_amount',
  'i.paid_at',
  'i.file_id',
] as const;

/**
 * The balance carried by the premise's next invoice, if one was issued: when it is not zero, this
 * invoice's unpaid rest lives on in that one (see invoice-status.ts).
 */
export const nextBalanceCarried = (eb: ExpressionBuilder<Database & { i: Database['invoices'] }, 'i'>) =>
  eb
    .selectFrom('invoices as n')
    .select('n.balance_carried')
    .whereRef('n.tenant_id', '=', 'i.tenant_id')
    .whereRef('n.premise_id', '=', 'i.premise_id')
    .where((next) => next(next.refTuple('n.issue_date', 'n.id'), '>', next.refTuple('i.issue_date', 'i.id')))
    .orderBy('n.issue_date')
    .orderBy('n.id')
    .limit(1)
    .as('next_balance_carried');

export async function invoicesPage(trx: Tx, tenantId: string, premiseId: string, page: { before: InvoiceCursor | null; limit: number }) {
  let query = trx
    .selectFrom('invoices as i')
    .select(SUMMARY_COLUMNS)
    .select(nextBalanceCarried)
    .where('i.tenant_id', '=', tenantId)
    .where('i.premise_id', '=', premiseId);
  if (page.before) {
    const { issueDate, id } = page.before;
    // A row comparison, so Postgres walks the index from the cursor on.
    query = query.where((eb) => eb(eb.refTuple('i.issue_date', 'i.id'), '<', eb.tuple(issueDate, id)));
  }
  return query.orderBy('i.issue_date', 'desc').orderBy('i.id', 'desc').limit(page.limit).execute();
}

export type InvoiceRow = Awaited<ReturnType<typeof invoicesPage>>[number];

export async function findInvoice(trx: Tx, tenantId: string, premiseId: string, invoiceId: string) {
  return trx
    .selectFrom('invoices as i')
    .select(SUMMARY_COLUMNS)
    .select(nextBalanceCarried)
    .where('i.tenant_id', '=', tenantId)
    .where('i.premise_id', '=', premiseId)
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
}

export async function invoiceLines(trx: Tx, invoiceId: string) {
  return trx
    .selectFrom('invoice_lines')
    .select(['position', 'service', 'quantity', 'unit', 'unit_price', 'sum'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
}

/** The id of the invoice's PDF; undefined when the invoice is not this premise's or has none. */
export async function invoicePdfFileId(trx: Tx, tenantId: string, premiseId: string, invoiceId: string) {
  return trx
    .selectFrom('invoices as i')
    .select(['i.file_id'])
    .where('i.file_id', 'is not', null)
    .where('i.tenant_id', '=', tenantId)
    .where('i.premise_id', '=', premiseId)
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
}

/** Stores a generated PDF once and links it to the invoice. */
export async function attachInvoicePdf(trx: Tx, files: FileChanges, tenantId: string, invoiceId: string, file: { fileName: string; content: Uint8Array; createdAt?: Date }) {
  const stored = await storeFile(trx, files, tenantId, {
    fileName: file.fileName,
    contentType: 'application/pdf',
    body: file.content,
    ...(file.createdAt ? { now: file.createdAt } : {}),
  });
  await trx.updateTable('invoices').set({ file_id: stored.id }).where('id', '=', invoiceId).execute();
  return stored;
}
