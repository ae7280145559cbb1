/**
 * @module
 * Bulk import: `POST /v1/{tenant}/admin/imports/{kind}?dryRun=true|false` with a CSV or NDJSON
 * file as the body. Kinds, columns, examples and error codes: docs/import.md.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';

const Counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const ImportReport = z
  .object({
    kind: z.enum(['premises', 'readings', 'invoices']),
    dryRun: z.boolean(),
    language: z.enum(['lv', 'en', 'ru']).openapi({ description: 'The language of the messages and the summary: from Accept-Language, else the tenant’s default' }),
    summary: z.string().openapi({ description: 'The report in one line, for people', example: 'Imported. Rows: 4; created: 11, updated: 0, unchanged: 0; errors: 0.' }),
    rows: z.number().int().openapi({ description: 'Rows read (a CSV header is not a row)' }),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z
      .array(
        z.object({
          row: z.number().int().openapi({ description: 'Line of the file (a CSV header is line 1); 0 for the file as a whole' }),
          column: z.string(),
          code: z.string().openapi({ example: 'invalid_decimal', description: 'Stable, the same in every language (docs/import.md)' }),
          message: z.string().openapi({ description: 'In the report’s language' }),
        }),
      )
      .openapi({ description: 'The first 1000 errors, by row' }),
    errorCount: z.number().int().openapi({ description: 'All errors found' }),
    details: z.record(z.string(), Counts).openapi({ description: 'Counts by what was imported: buildings, customers, premises, meters, readings, invoices' }),
  })
  .openapi('ImportReport');

export const ImportRejected = z
  .object({
    error: z.object({ code: z.literal('import_rejected'), message: z.string() }),
    report: ImportReport,
  })
  .openapi('ImportRejected');

const FileBody = z.string().openapi({ format: 'binary' });

export const importRoute = createRoute({
  method: 'post',
  path: '/imports/{kind}',
  tags: ['admin: imports'],
  summary: 'Import a CSV or NDJSON file of premises (with buildings, customers, meters), readings or invoices',
  description:
    'All or nothing, in one transaction: when any row is wrong nothing is written and the answer is 422 with the report. ' +
    'Upserts by the manager’s references, so the same file twice changes nothing the second time. ' +
    'CSV: UTF-8 with or without BOM, `,` or `;` between cells (from the header line), a decimal comma is fine. Up to 200 MB. ' +
    'Messages and the summary are in Latvian, English or Russian by `Accept-Language` (the tenant’s default language otherwise); codes never change.',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: {
    params: z.object({ kind: z.enum(['premises', 'readings', 'invoices']).openapi({ param: { name: 'kind', in: 'path' } }) }),
    query: z.object({
      dryRun: z
        .enum(['true', 'false'])
        .default('false')
        .openapi({ param: { name: 'dryRun', in: 'query' }, description: 'Check the file and report what would happen; write nothing' }),
    }),
    body: { required: true, content: { 'text/csv': { schema: FileBody }, 'application/x-ndjson': { schema: FileBody } } },
  },
  responses: {
    200: { description: 'Imported (or, with dryRun, would be)', content: { 'application/json': { schema: ImportReport } } },
    422: { description: 'A row is wrong: nothing was written', content: { 'application/json': { schema: ImportRejected } } },
    ...errorResponses(400, 401, 403, 413, 415),
  },
});
