/**
 * @module
 * Gives every seeded invoice of a tenant its PDF, drawn by the invoices feature's renderer (the
 * manager's header and bank details, the lines, the totals, the EPC QR code) and stored once in
 * stored_files. seed.ts calls it after it has written the invoices and their lines.
 *
 * A PDF shows the invoice as it was issued: the whole total is "to pay", whatever was paid since.
 * Everything drawn comes from the rows, never from the clock, so seeding twice gives the same bytes.
 */
import type { Tx } from '../db/database.ts';
import { renderInvoicePdf } from '../invoices/invoice-pdf.ts';
import { attachInvoicePdf } from '../invoices/invoices.repository.ts';
import type { FileChanges } from '../files/stored-files.ts';
import { toCents } from '../invoices/money.ts';
import { bankDetailsFrom, paymentDetailsFor } from '../invoices/payment-details.ts';

/** The file name residents get when they download an invoice. */
export const invoiceFileName = (number: string) => `Rēķins ${number}.pdf`;

/** Renders and stores a PDF for each of the tenant's invoices that has none. Returns how many. */
export async function seedInvoicePdfs(trx: Tx, files: FileChanges, tenantId: string): Promise<number> {
  const tenant = await trx.selectFrom('tenants').select(['name', 'settings']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const bank = bankDetailsFrom(tenant.settings);
  const invoices = await trx
    .selectFrom('invoices as i')
    .innerJoin('premises as p', 'p.id', 'i.premise_id')
    .leftJoin('customers as c', 'c.id', 'p.customer_id')
    .select([
      'i.id',
      'i.number',
      'i.issue_date',
      'i.period',
      'i.due_date',
      'i.amount',
      'i.balance_carried',
      'i.total_due',
      'i.created_at',
      'p.label',
      'p.account_number',
      'c.name as customer_name',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.file_id', 'is', null)
    .orderBy('i.issue_date')
    .orderBy('i.number')
    .execute();
  if (!invoices.length) return 0;
  const lines = await trx
    .selectFrom('invoice_lines')
    .select(['invoice_id', 'service', 'quantity', 'unit', 'unit_price', 'sum'])
    .where('tenant_id', '=', tenantId)
    .where(
      'invoice_id',
      'in',
      invoices.map((i) => i.id),
    )
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();

  for (const invoice of invoices) {
    const toPay = toCents(invoice.total_due) > 0n ? invoice.total_due : '0.00';
    const content = await renderInvoicePdf({
      manager: { name: bank?.recipient ?? tenant.name, registrationNumber: bank?.registrationNumber, bankName: bank?.bankName, iban: bank?.iban },
      payer: { name: invoice.customer_name ?? '', premise: invoice.label, accountNumber: invoice.account_number },
      invoice: {
        number: invoice.number,
        issueDate: invoice.issue_date,
        period: invoice.period,
        dueDate: invoice.due_date,
        amount: invoice.amount,
        balanceCarried: invoice.balance_carried,
        totalDue: invoice.total_due,
        lines: lines
          .filter((line) => line.invoice_id === invoice.id)
          .map((line) => ({ service: line.service, quantity: line.quantity, unit: line.unit, unitPrice: line.unit_price, sum: line.sum })),
      },
      payment: paymentDetailsFor(tenant.settings, { number: invoice.number, amountToPay: toPay }),
    });
    await attachInvoicePdf(trx, files, tenantId, invoice.id, { fileName: invoiceFileName(invoice.number), content, createdAt: invoice.created_at });
  }
  return invoices.length;
}
