/**
 * @module
 * The `invoices` import: one row per invoice line, the invoice's own columns repeated on each of
 * its lines (the shape a billing system's "invoice lines" export has, and one sheet in Excel).
 * The lines keep the file's order. The invoice's amount is the sum of its lines and its total
 * due that plus the balance carried over, so the numbers residents see always add up. The invoice
 * number is the key: the same file again changes nothing; changed lines replace the stored ones.
 * PDFs are uploaded separately (the admin invoice routes), never in a CSV.
 *
 * A new invoice is emailed to the residents who chose invoices by email, as one created by
 * `PUT /admin/invoices/{number}` is (server/invoices/invoice-mail.ts); an update is not.
 */
import { date, decimal, period, requiredRef, requiredText, text, timestamp } from './import-fields.ts';
import type { ImportKind } from './import-kind.ts';
import { queueInvoiceMail } from '../../invoices/invoice-mail.ts';
import { applyInvoices, checkInvoices, createdInvoiceIds } from './invoices.repository.ts';

export const invoicesImport: ImportKind = {
  name: 'invoices',
  columns: [
    { name: 'invoice_number', required: true },
    { name: 'premise_ref', required: true },
    { name: 'period', required: true },
    { name: 'issue_date', required: true },
    { name: 'due_date', required: true },
    { name: 'balance_carried' },
    { name: 'paid_amount' },
    { name: 'paid_at' },
    { name: 'line_service', required: true },
    { name: 'line_quantity', required: true },
    { name: 'line_unit' },
    { name: 'line_unit_price', required: true },
    { name: 'line_sum', required: true },
  ],
  stageColumns: [
    { name: 'invoice_number', type: 'text' },
    { name: 'premise_ref', type: 'text' },
    { name: 'period', type: 'text' },
    { name: 'issue_date', type: 'date' },
    { name: 'due_date', type: 'date' },
    { name: 'balance_carried', type: 'numeric' },
    { name: 'paid_amount', type: 'numeric' },
    { name: 'paid_at', type: 'timestamptz' },
    { name: 'line_service', type: 'text' },
    { name: 'line_quantity', type: 'numeric' },
    { name: 'line_unit', type: 'text' },
    { name: 'line_unit_price', type: 'numeric' },
    { name: 'line_sum', type: 'numeric' },
  ],

  read(r, scope) {
    const required = <T>(column: string, value: T | null | undefined): T | null | undefined => {
      if (value === null) r.fail(column, 'required');
      return value;
    };
    const issueDate = required('issue_date', r.read('issue_date', date(r.cell('issue_date'))));
    const dueDate = required('due_date', r.read('due_date', date(r.cell('due_date'))));
    if (issueDate && dueDate && dueDate < issueDate) r.fail('due_date', 'due_before_issue');
    const paidAt = r.read('paid_at', timestamp(r.cell('paid_at'), scope.timeZone));
    if (paidAt && paidAt > scope.now) r.fail('paid_at', 'in_future');
    return [
      r.read('invoice_number', requiredText(r.cell('invoice_number'), 50)),
      r.read('premise_ref', requiredRef(r.cell('premise_ref'))),
      required('period', r.read('period', period(r.cell('period')))),
      issueDate,
      dueDate,
      r.read('balance_carried', decimal(r.cell('balance_carried'), 2, 10, -1e10)),
      r.read('paid_amount', decimal(r.cell('paid_amount'), 2, 10)),
      paidAt,
      r.read('line_service', requiredText(r.cell('line_service'), 200)),
      required('line_quantity', r.read('line_quantity', decimal(r.cell('line_quantity'), 4, 10, -1e10))),
      r.read('line_unit', text(r.cell('line_unit'), 20)),
      required('line_unit_price', r.read('line_unit_price', decimal(r.cell('line_unit_price'), 4, 10, -1e10))),
      required('line_sum', r.read('line_sum', decimal(r.cell('line_sum'), 2, 10, -1e10))),
    ].map((value) => value ?? null);
  },

  check: (scope, limit) => checkInvoices(scope.trx, scope.tenantId, limit),
  async apply(scope) {
    const counts = await applyInvoices(scope.trx, scope.tenantId, scope.now);
    // Each new invoice is emailed like one the admin route creates: a job queued in this transaction
    // (so a dry run or a refused file queues nothing), keyed by the invoice, so it is sent once;
    // an invoice imported again is not new and queues nothing.
    if (scope.mailNewInvoices && counts.invoices!.created > 0) {
      for (const id of await createdInvoiceIds(scope.trx, scope.tenantId)) await queueInvoiceMail(scope.trx, scope.tenantId, id);
    }
    return counts;
  },
};
