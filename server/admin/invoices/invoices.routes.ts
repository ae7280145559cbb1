/**
 * @module
 * The manager's invoices, addressed by the invoice number (unique per tenant, the same rule as
 * an externalRef):
 * - `PUT /invoices/{number}` (multipart/form-data: `invoice` = JSON, `pdf` = the PDF, optional)
 *   creates or replaces the invoice with its lines (201 created / 200 updated or unchanged);
 * - `PATCH /invoices/{number}` (JSON): records what was paid (`paidAmount`, `paidAt`) or moves
 *   the due date. The status residents see (unpaid, partly paid, paid, overdue) follows from these;
 * - `GET /invoices` (cursor pages, `premiseRef` and `period` filters), `GET /invoices/{number}`,
 *   `GET /invoices/{number}/pdf`.
 * Residents see a change at once in `GET /v1/{tenant}/premises/{id}/invoices`: it reads the same rows.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { fileDownloadResponse } from '../../files/download.ts';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { adminAction } from '../admin-caller.ts';
import { CalendarDate, Instant } from '../content-fields.ts';
import { FileField, JsonPartField, multipartBody } from '../admin-form.ts';
import { ExternalRef } from '../external-ref.ts';
import { refParam } from '../ref-param.ts';
import { multipartForm } from '../../files/upload.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { INVOICE_LIMITS, MONEY, QUANTITY } from './invoice-rules.ts';

/** An invoice PDF is a few pages; 10 MB is plenty. */
export const MAX_INVOICE_PDF_BYTES = 10 * 1024 * 1024;

const Money = z.string().regex(MONEY).openapi({ example: '42.17', description: 'Euros, a decimal string with at most 2 places' });
const Quantity = z.string().regex(QUANTITY).openapi({ example: '54.3', description: 'A decimal string with at most 4 places' });
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-04' });
const PaymentTime = Instant.nullable().openapi({ example: '2026-05-20T10:00:00Z' });

export const InvoiceLineInput = z.strictObject({
  service: z.string().trim().min(1).max(INVOICE_LIMITS.service).openapi({ example: 'Apsaimniekošana' }),
  quantity: Quantity,
  unit: z.string().max(INVOICE_LIMITS.unit).default('').openapi({ example: 'm²' }),
  unitPrice: Quantity.openapi({ example: '0.45' }),
  sum: Money,
});

export const InvoiceInput = z
  .strictObject({
    premiseRef: ExternalRef.openapi({ description: "The premise's externalRef" }),
    issueDate: CalendarDate,
    period: Period,
    dueDate: CalendarDate.openapi({ example: '2026-05-31' }),
    amount: Money.openapi({ description: 'Charged for the period; the lines must add up to it' }),
    balanceCarried: Money.default('0').openapi({ description: 'Debt (+) or overpayment (−) carried from the previous invoice' }),
    totalDue: Money.optional().openapi({ description: 'amount + balanceCarried; computed when left out, checked when sent' }),
    paidAmount: Money.optional().openapi({ description: 'Paid so far; 0 for a new invoice and kept as it was on an update when left out' }),
    paidAt: PaymentTime.optional(),
    lines: z.array(InvoiceLineInput).max(INVOICE_LIMITS.lines).default([]),
  })
  .openapi('AdminInvoiceInput');

export const PaymentInput = z
  .strictObject({
    paidAmount: Money.optional(),
    paidAt: PaymentTime.optional().openapi({ description: 'When it was paid; now when a payment is recorded without it' }),
    dueDate: CalendarDate.optional(),
  })
  .openapi('AdminInvoicePayment');

const MoneyOut = z.string().openapi({ example: '42.17' });

export const AdminInvoice = z
  .object({
    id: z.string().uuid(),
    number: z.string(),
    premiseRef: z.string().nullable(),
    premiseLabel: z.string(),
    issueDate: z.string(),
    period: z.string(),
    dueDate: z.string(),
    amount: MoneyOut,
    balanceCarried: MoneyOut,
    totalDue: MoneyOut,
    paidAmount: MoneyOut,
    amountToPay: MoneyOut,
    status: z.enum(['unpaid', 'partly_paid', 'paid', 'overdue']).openapi({ description: "Derived, as residents see it, in the tenant's time zone" }),
    paidAt: z.string().nullable(),
    pdf: z.object({ fileName: z.string(), sizeBytes: z.number().int() }).nullable(),
    lines: z.array(z.object({ position: z.number().int(), service: z.string(), quantity: z.string(), unit: z.string(), unitPrice: z.string(), sum: MoneyOut })).optional(),
  })
  .openapi('AdminInvoice');

const Result = z.enum(['created', 'updated', 'unchanged']);
const NumberParams = z.object({ number: refParam('number') });

const routeBase = { tags: ['admin: invoices'], security: adminSecurity };

export const listInvoicesRoute = createRoute({
  ...routeBase,
  method: 'get',
  path: '/invoices',
  summary: 'Invoices in creation order (cursor pages), optionally of one premise or period',
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery.extend({ premiseRef: z.string().max(300).optional(), period: Period.optional() }) },
  responses: {
    200: { description: 'One page (lines left out)', content: { 'application/json': { schema: pageOf(AdminInvoice) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const getInvoiceRoute = createRoute({
  ...routeBase,
  method: 'get',
  path: '/invoices/{number}',
  summary: 'One invoice with its lines',
  middleware: [adminAction('read')] as const,
  request: { params: NumberParams },
  responses: {
    200: { description: 'The invoice', content: { 'application/json': { schema: z.object({ item: AdminInvoice }) } } },
    ...errorResponses(401, 403, 404),
  },
});

export const invoicePdfRoute = createRoute({
  ...routeBase,
  method: 'get',
  path: '/invoices/{number}/pdf',
  summary: "The invoice's PDF",
  middleware: [adminAction('read')] as const,
  request: { params: NumberParams },
  responses: { ...fileDownloadResponse, ...errorResponses(401, 403, 404) },
});

export const putInvoiceRoute = createRoute({
  ...routeBase,
  method: 'put',
  path: '/invoices/{number}',
  summary: 'Create or replace an invoice with its lines and PDF (multipart/form-data)',
  middleware: [adminAction('write'), ...multipartForm({ fileFields: { pdf: 1 }, maxFileBytes: MAX_INVOICE_PDF_BYTES })] as const,
  request: {
    params: NumberParams,
    ...multipartBody(z.object({ invoice: JsonPartField('AdminInvoiceInput'), pdf: FileField('The invoice as a PDF, at most 10 MB; kept as it was when left out') })),
  },
  responses: {
    200: { description: 'Updated or unchanged', content: { 'application/json': { schema: z.object({ item: AdminInvoice, result: Result }) } } },
    201: { description: 'Created', content: { 'application/json': { schema: z.object({ item: AdminInvoice, result: Result }) } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422),
  },
});

export const patchInvoiceRoute = createRoute({
  ...routeBase,
  method: 'patch',
  path: '/invoices/{number}',
  summary: 'Record a payment (paidAmount, paidAt) or move the due date',
  middleware: [adminAction('write')] as const,
  request: { params: NumberParams, ...jsonBody(PaymentInput) },
  responses: {
    200: { description: 'The invoice after the change', content: { 'application/json': { schema: z.object({ item: AdminInvoice, result: Result }) } } },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});
