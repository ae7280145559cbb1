/**
 * @module
 * The handlers of the manager's invoices (contract in invoices.routes.ts). A PUT that changes
 * nothing answers `unchanged` and writes nothing (no audit entry either), so a billing system may
 * send the whole month again.
 */
import { queueInvoiceMail } from '../../invoices/invoice-mail.ts';
import type { AppDeps } from '../../deps.ts';
import type { Tx } from '../../db/database.ts';
import { conflict, notFound, unprocessable, validationFailed } from '../../errors.ts';
import { fileDownload } from '../../files/download.ts';
import { openStoredFile, storeFile } from '../../files/stored-files.ts';
import { createRouter } from '../../http/context.ts';
import { summary } from '../../invoices/invoices.handlers.ts';
import { invoiceLines } from '../../invoices/invoices.repository.ts';
import { toCents } from '../../invoices/money.ts';
import { withAdmin } from '../admin-caller.ts';
import { acceptFiles, filesOf, jsonPart, requirePdf } from '../admin-form.ts';
import { isExternalRef } from '../ref-param.ts';
import { afterId, toPage } from '../pagination.ts';
import { premiseByRef } from '../refs.repository.ts';
import { unknownRef } from '../registry/upsert-by-ref.ts';
import { checkInvoiceSums, money, paidAtAfter, toFixedPlaces } from './invoice-rules.ts';
import {
  findInvoiceByNumber,
  insertInvoice,
  invoicesPage,
  replaceInvoiceFile,
  replaceInvoiceLines,
  setInvoicePayment,
  updateInvoice,
  type AdminInvoiceRow,
  type InvoiceWrite,
  type LineWrite,
} from './invoices.repository.ts';
import { getInvoiceRoute, InvoiceInput, invoicePdfRoute, listInvoicesRoute, MAX_INVOICE_PDF_BYTES, patchInvoiceRoute, putInvoiceRoute } from './invoices.routes.ts';

type Line = Awaited<ReturnType<typeof invoiceLines>>[number];

function invoiceView(row: AdminInvoiceRow, now: Date, timeZone: string, lines?: Line[]) {
  return {
    ...summary(row, now, timeZone),
    premiseRef: row.premise_ref,
    premiseLabel: row.premise_label,
    pdf: row.file_name !== null ? { fileName: row.file_name, sizeBytes: row.size_bytes ?? 0 } : null,
    ...(lines
      ? { lines: lines.map((l) => ({ position: l.position, service: l.service, quantity: l.quantity, unit: l.unit, unitPrice: l.unit_price, sum: l.sum })) }
      : {}),
  };
}

async function invoiceOf(trx: Tx, number: string): Promise<AdminInvoiceRow> {
  const row = isExternalRef(number) ? await findInvoiceByNumber(trx, number) : undefined;
  if (!row) throw notFound();
  return row;
}

const premiseNotFound = () => unknownRef('premiseRef', 'premise');

const optionalDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

function sameInvoice(row: AdminInvoiceRow, next: InvoiceWrite): boolean {
  return (
    row.premise_id === next.premiseId &&
    row.issue_date === next.issueDate &&
    row.period === next.period &&
    row.due_date === next.dueDate &&
    row.amount === next.amount &&
    row.balance_carried === next.balanceCarried &&
    row.total_due === next.totalDue &&
    row.paid_amount === next.paidAmount &&
    sameTime(row.paid_at, next.paidAt)
  );
}

const sameLines = (stored: Line[], next: LineWrite[]) =>
  stored.length === next.length &&
  stored.every((s, i) => s.service === next[i]!.service && s.quantity === next[i]!.quantity && s.unit === next[i]!.unit && s.unit_price === next[i]!.unitPrice && s.sum === next[i]!.sum);

function checkDates(issueDate: string, dueDate: string) {
  if (dueDate < issueDate) throw validationFailed({ dueDate: 'before_issue_date' });
}

function checkPaid(paidAmount: string) {
  if (toCents(paidAmount) < 0n) throw validationFailed({ paidAmount: 'negative' });
}

export function adminInvoicesRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listInvoicesRoute, async (c) => {
    const query = c.req.valid('query');
    const after = afterId(query.cursor);
    const page = await withAdmin(deps, c, async ({ trx, tenant, now }) => {
      const premise = query.premiseRef === undefined ? undefined : await premiseByRef(trx, query.premiseRef);
      if (query.premiseRef !== undefined && !premise) throw premiseNotFound();
      const rows = await invoicesPage(trx, { afterId: after, limit: query.limit, premiseId: premise?.id, period: query.period });
      return toPage(rows, query.limit, (row) => invoiceView(row, now, tenant.time_zone));
    });
    return c.json(page, 200);
  });

  router.openapi(getInvoiceRoute, async (c) => {
    const { number } = c.req.valid('param');
    const item = await withAdmin(deps, c, async ({ trx, tenant, now }) => {
      const row = await invoiceOf(trx, number);
      return invoiceView(row, now, tenant.time_zone, await invoiceLines(trx, row.id));
    });
    return c.json({ item }, 200);
  });

  router.openapi(invoicePdfRoute, async (c) => {
    const { number } = c.req.valid('param');
    const file = await withAdmin(deps, c, async ({ trx }) => {
      const row = await invoiceOf(trx, number);
      const stored = row.file_id ? await openStoredFile(trx, deps.files, row.file_id, c.req.header('range')) : undefined;
      if (!stored) throw notFound('This invoice has no PDF.');
      return stored;
    });
    return fileDownload(c, file);
  });

  router.openapi(putInvoiceRoute, async (c) => {
    const { number } = c.req.valid('param');
    if (!isExternalRef(number)) throw validationFailed({ number: 'invalid_external_ref' });
    const form = c.req.valid('form') as Record<string, unknown>;
    const input = await jsonPart(form, 'invoice', InvoiceInput);
    const [pdfFile] = filesOf(form, 'pdf', 1);
    const pdf = pdfFile ? requirePdf((await acceptFiles([pdfFile], MAX_INVOICE_PDF_BYTES))[0]!) : undefined;
    checkDates(input.issueDate, input.dueDate);
    if (input.paidAmount !== undefined) checkPaid(input.paidAmount);
    const sums = checkInvoiceSums(input);
    if (!sums.ok) throw unprocessable(sums.code, sums.code === 'lines_do_not_add_up' ? 'The lines do not add up to the amount.' : 'The total is not amount + balance carried.', sums.fields);
    const lines: LineWrite[] = input.lines.map((l) => ({
      service: l.service,
      quantity: toFixedPlaces(l.quantity, 4),
      unit: l.unit,
      unitPrice: toFixedPlaces(l.unitPrice, 4),
      sum: money(l.sum),
    }));

    const answer = await withAdmin(deps, c, async ({ trx, tenant, tenantId, now, audit, files, uploadedBy }) => {
      const premise = await premiseByRef(trx, input.premiseRef);
      if (!premise) throw premiseNotFound();
      const existing = await findInvoiceByNumber(trx, number);
      const paidAmount = money(input.paidAmount ?? existing?.paid_amount ?? '0');
      const write: InvoiceWrite = {
        premiseId: premise.id,
        number,
        issueDate: input.issueDate,
        period: input.period,
        dueDate: input.dueDate,
        amount: money(input.amount),
        balanceCarried: money(input.balanceCarried),
        totalDue: sums.totalDue,
        paidAmount,
        paidAt: paidAtAfter(
          { paidAmount, paidAt: optionalDate(input.paidAt) },
          existing && { paidAmount: existing.paid_amount, paidAt: existing.paid_at },
          now,
        ),
      };
      const pdfHash = pdf?.body.sha256;

      let id: string;
      let result: 'created' | 'updated' | 'unchanged';
      if (!existing) {
        const created = await insertInvoice(trx, tenantId, write, now);
        if (!created) throw conflict('concurrent_change', 'Another request created this invoice at the same moment; send it again.');
        id = created;
        result = 'created';
        await replaceInvoiceLines(trx, tenantId, id, lines);
        // Sent after this commits, to those who chose invoices by email (invoices/invoice-mail.ts).
        await queueInvoiceMail(trx, tenantId, id);
      } else {
        id = existing.id;
        const storedLines = await invoiceLines(trx, id);
        const same = sameInvoice(existing, write) && sameLines(storedLines, lines) && (!pdf || pdfHash === existing.sha256);
        result = same ? 'unchanged' : 'updated';
        if (!same) {
          await updateInvoice(trx, tenantId, id, write);
          if (!sameLines(storedLines, lines)) await replaceInvoiceLines(trx, tenantId, id, lines);
        }
      }
      if (pdf && (result === 'created' || pdfHash !== existing?.sha256)) {
        const stored = await storeFile(trx, files, tenantId, { ...pdf, uploadedBy, now });
        await replaceInvoiceFile(trx, files, id, existing?.file_id ?? null, stored.id);
      }
      if (result !== 'unchanged') {
        await audit(`admin.invoice.${result}`, { type: 'invoice', id }, { number, premiseRef: input.premiseRef, totalDue: write.totalDue, paidAmount, pdf: !!pdf });
      }
      const row = (await findInvoiceByNumber(trx, number))!;
      return { item: invoiceView(row, now, tenant.time_zone, await invoiceLines(trx, id)), result };
    });
    return c.json(answer, answer.result === 'created' ? 201 : 200);
  });

  router.openapi(patchInvoiceRoute, async (c) => {
    const { number } = c.req.valid('param');
    const input = c.req.valid('json');
    if (input.paidAmount !== undefined) checkPaid(input.paidAmount);
    const answer = await withAdmin(deps, c, async ({ trx, tenant, now, audit }) => {
      const row = await invoiceOf(trx, number);
      const paidAmount = money(input.paidAmount ?? row.paid_amount);
      const dueDate = input.dueDate ?? row.due_date;
      checkDates(row.issue_date, dueDate);
      const paidAt = paidAtAfter(
        { paidAmount, paidAt: optionalDate(input.paidAt) },
        { paidAmount: row.paid_amount, paidAt: row.paid_at },
        now,
      );
      const changed = paidAmount !== row.paid_amount || dueDate !== row.due_date || !sameTime(paidAt, row.paid_at);
      if (changed) {
        await setInvoicePayment(trx, row.id, { paidAmount, paidAt, dueDate });
        await audit('admin.invoice.payment_changed', { type: 'invoice', id: row.id }, {
          number,
          paidAmount: { from: row.paid_amount, to: paidAmount },
          dueDate: { from: row.due_date, to: dueDate },
        });
      }
      const after = (await findInvoiceByNumber(trx, number))!;
      return { item: invoiceView(after, now, tenant.time_zone, await invoiceLines(trx, row.id)), result: changed ? ('updated' as const) : ('unchanged' as const) };
    });
    return c.json(answer, 200);
  });

  return router;
}
