/**
 * @module
 * The month's readings for the manager (paths relative to /v1/{tenant}/admin):
 *
 * - `GET /readings/missing?period=YYYY-MM[&building=ref]` — premises with meters that owe the
 *   period a reading and have none yet (for a reminder round), paged (`limit`, `cursor`).
 * - `GET /readings/summary?period=YYYY-MM` — per building: premises that owe the period readings,
 *   how many submitted them all, how many have not (with totals).
 * - `GET /readings/export?period=YYYY-MM&format=csv|ndjson` — the period's current readings,
 *   streamed; `?since=<cursor>` for what was written after an earlier export (any period, or the
 *   given one), `since=0` for everything. Every export answers `Doorstep-Next-Cursor`. CSV takes
 *   `delimiter=semicolon` (Latvian Excel) and `bom=1`; `Accept: application/x-ndjson` picks NDJSON
 *   when `format` is left out.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { ExternalRef } from '../external-ref.ts';
import { pageOf, PageQuery } from '../pagination.ts';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';
import { MAX_CURSOR_LENGTH } from './export-cursor.ts';
import { PeriodText } from './reading-windows.routes.ts';

const MissingMeter = z
  .object({
    externalRef: z.string().nullable(),
    serialNumber: z.string(),
    kind: z.enum(['cold_water', 'hot_water', 'heat', 'electricity', 'gas']),
    location: z.string(),
  })
  .openapi('MissingReadingMeter');

export const MissingReadingPremise = z
  .object({
    externalRef: z.string().nullable(),
    label: z.string().openapi({ example: 'Malkalnes prospekts 3-111' }),
    accountNumber: z.string(),
    building: z.string().nullable().openapi({ description: "The building's externalRef" }),
    meters: z.array(MissingMeter).openapi({ description: 'The meters still without a reading for the period' }),
  })
  .openapi('MissingReadingPremise');

export const missingReadingsRoute = createRoute({
  method: 'get',
  path: '/readings/missing',
  tags: ['admin: readings'],
  summary: 'Premises whose meters have no reading for the period yet',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery.extend({ period: PeriodText, building: ExternalRef.optional() }) },
  responses: {
    200: { description: 'A page, in a stable order', content: { 'application/json': { schema: pageOf(MissingReadingPremise) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const ReadingCounts = z.object({
  owing: z.number().int().openapi({ description: 'Premises with at least one meter in place at the period end' }),
  submitted: z.number().int().openapi({ description: 'Of those, premises where every such meter has a reading for the period' }),
  missing: z.number().int().openapi({ description: 'owing − submitted' }),
});

export const ReadingsSummary = z
  .object({
    period: PeriodText,
    buildings: z.array(
      ReadingCounts.extend({
        buildingRef: z.string().nullable().openapi({ description: "The building's externalRef" }),
        address: z.string(),
      }).openapi('BuildingReadingsSummary'),
    ),
    totals: ReadingCounts.openapi({ description: 'Over the buildings listed' }),
    more: z.boolean().openapi({ description: 'True when the tenant has more buildings than one summary lists (1000, by address)' }),
  })
  .openapi('ReadingsSummary');

export const readingsSummaryRoute = createRoute({
  method: 'get',
  path: '/readings/summary',
  tags: ['admin: readings'],
  summary: 'Per building: premises that owe the period readings, submitted and missing',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: z.object({ period: PeriodText }) },
  responses: {
    200: { description: 'Every building of the tenant, by address', content: { 'application/json': { schema: ReadingsSummary } } },
    ...errorResponses(400, 401, 403),
  },
});

const Flag = z.enum(['0', '1', 'true', 'false']);

export const ExportQuery = z.object({
  period: PeriodText.optional().openapi({ description: "The period's current readings (with `since`: those written after the cursor)" }),
  since: z
    .string()
    .min(1)
    .max(MAX_CURSOR_LENGTH)
    .optional()
    .openapi({ description: 'A previous export\'s Doorstep-Next-Cursor, or `0` for everything' }),
  format: z.enum(['csv', 'ndjson']).optional().openapi({ description: 'Default: NDJSON when Accept asks for application/x-ndjson, else CSV' }),
  delimiter: z.enum(['comma', 'semicolon']).default('comma').openapi({ description: 'CSV only' }),
  bom: Flag.default('0').openapi({ description: 'Start with a UTF-8 BOM (for Excel)' }),
});

const csvOrNdjson = {
  'text/csv': { schema: z.string().openapi({ example: 'meterRef,meterSerial,premiseRef,accountNumber,period,value,consumption,submittedAt,source,submittedBy,version' }) },
  'application/x-ndjson': { schema: z.string() },
};

export const exportReadingsRoute = createRoute({
  method: 'get',
  path: '/readings/export',
  tags: ['admin: readings'],
  summary: 'Export readings as CSV or NDJSON, by period or incrementally since a cursor (streamed)',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: ExportQuery },
  responses: {
    200: {
      description:
        'One row per current reading: meterRef, meterSerial, premiseRef, accountNumber, period, value, consumption, submittedAt, source, submittedBy (email), version',
      headers: z.object({ 'Doorstep-Next-Cursor': z.string().openapi({ description: 'Pass as `since` to get what is written after this export' }) }),
      content: csvOrNdjson,
    },
    ...errorResponses(400, 401, 403),
  },
});
