/**
 * @module
 * The contract of a premise's invoices:
 * - GET /premises/{premiseId}/invoices?before=&limit= — newest first, keyset pages (see pagination.ts);
 * - GET /premises/{premiseId}/invoices/{invoiceId} — one invoice with its lines and how to pay it;
 * - GET /premises/{premiseId}/invoices/{invoiceId}/pdf — the stored PDF as a download.
 * All need the `invoices.view` action on the premise: 404 when the premise or invoice is not the
 * caller's, 403 for a member without the `invoices` right.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, PremiseIdParam } from '../http/openapi.ts';
import { MAX_PAGE_SIZE } from './pagination.ts';

const Money = z.string().openapi({ example: '1234.56', description: 'Euros as a decimal string' });
const InvoiceIdParam = z.string().openapi({ param: { name: 'invoiceId', in: 'path' }, example: 'uuid' });

export const InvoiceSummary = z
  .object({
    id: z.string().uuid(),
    number: z.string().openapi({ example: 'DN-2026-05-0111' }),
    issueDate: z.string().openapi({ example: '2026-05-08' }),
    period: z.string().openapi({ example: '2026-04', description: 'The billing period, YYYY-MM' }),
    dueDate: z.string().openapi({ example: '2026-05-31' }),
    amount: Money.openapi({ description: 'Charged for the period' }),
    balanceCarried: Money.openapi({ description: 'Debt (+) or overpayment (−) carried over' }),
    totalDue: Money.openapi({ description: 'Total to pay: amount + balance carried' }),
    paidAmount: Money,
    amountToPay: Money.openapi({ description: 'What is still owed (never below 0)' }),
    status: z
      .enum(['unpaid', 'partly_paid', 'paid', 'overdue'])
      .openapi({ description: "Computed in the tenant's time zone; a rest carried into a later invoice is never overdue" }),
    paidAt: z.string().datetime().nullable(),
    hasPdf: z.boolean(),
  })
  .openapi('InvoiceSummary');

const InvoiceLine = z.object({
  position: z.number().int(),
  service: z.string().openapi({ example: 'Apsaimniekošana' }),
  quantity: z.string().openapi({ example: '54.3000' }),
  unit: z.string().openapi({ example: 'm²' }),
  unitPrice: z.string().openapi({ example: '0.4500' }),
  sum: Money,
});

const Payment = z
  .object({
    recipient: z.string(),
    registrationNumber: z.string().nullable(),
    bankName: z.string().nullable(),
    iban: z.string(),
    bic: z.string().nullable(),
    amount: Money,
    currency: z.literal('EUR'),
    reference: z.string().openapi({ description: 'Payment details to write: the invoice number' }),
    qr: z
      .object({
        payload: z.string().openapi({ description: 'EPC069-12 SEPA credit transfer payload' }),
        size: z.number().int().openapi({ description: 'Modules per side, quiet zone included (SVG viewBox 0 0 size size)' }),
        path: z.string().openapi({ description: 'The dark modules as an SVG path' }),
        version: z.number().int(),
      })
      .nullable(),
  })
  .openapi('InvoicePayment');

export const InvoiceDetail = InvoiceSummary.extend({ lines: z.array(InvoiceLine), payment: Payment.nullable() }).openapi('Invoice');

export const InvoicePage = z
  .object({
    invoices: z.array(InvoiceSummary),
    nextCursor: z.string().nullable().openapi({ description: 'Pass as `before` for the next page; null on the last page' }),
  })
  .openapi('InvoicePage');

export const listInvoicesRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/invoices',
  tags: ['invoices'],
  summary: "A premise's invoices, newest first",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ premiseId: PremiseIdParam }),
    query: z.object({
      before: z.string().max(200).optional().openapi({ description: 'The nextCursor of the previous page' }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: `Invoices per page, default 10; more than ${MAX_PAGE_SIZE} is capped to ${MAX_PAGE_SIZE}`, type: 'integer' }),
    }),
  },
  responses: {
    200: { description: 'One page of invoices', content: { 'application/json': { schema: InvoicePage } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const getInvoiceRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/invoices/{invoiceId}',
  tags: ['invoices'],
  summary: 'One invoice with its lines and payment details',
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam, invoiceId: InvoiceIdParam }) },
  responses: {
    200: { description: 'The invoice', content: { 'application/json': { schema: InvoiceDetail } } },
    ...errorResponses(401, 403, 404),
  },
});

export const getInvoicePdfRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/invoices/{invoiceId}/pdf',
  tags: ['invoices'],
  summary: "The invoice's PDF (Content-Disposition: attachment)",
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam, invoiceId: InvoiceIdParam }) },
  responses: {
    200: { description: 'The PDF as it was stored', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 403, 404),
  },
});
