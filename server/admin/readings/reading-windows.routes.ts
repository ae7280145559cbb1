/**
 * @module
 * Reading windows moved by the manager (paths relative to /v1/{tenant}/admin):
 *
 * - `PUT /reading-windows/{period}` — move or extend one period's window, for the whole tenant or
 *   (with `building`) for one building's premises only. `opensAt` left out keeps the opening in
 *   force for those premises now (so extending is sending `closesAt` alone); `note` left out keeps
 *   the note. 201 when it creates the override, 200 when it changes or already matched it.
 * - `GET /reading-windows?period=YYYY-MM` — the window in force for the tenant, and every
 *   building's own.
 * - `DELETE /reading-windows/{period}?building=ref` — back to the tenant's window (or the rule).
 *
 * Residents see the change on their next request: their window is read per request, the
 * building's override first, then the tenant's, then the rule (readings.repository.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { ExternalRef } from '../external-ref.ts';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';

export const PeriodText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-05' });
const Instant = z.iso.datetime({ offset: true });

export const AdminReadingWindow = z
  .object({
    period: PeriodText,
    opensAt: z.string().openapi({ example: '2026-05-29T21:00:00.000Z' }),
    closesAt: z.string().openapi({ description: 'The first instant after the window', example: '2026-06-03T21:00:00.000Z' }),
    firstDay: z.string().openapi({ description: 'First local day of the window', example: '2026-05-30' }),
    lastDay: z.string().openapi({ description: 'Last local day of the window', example: '2026-06-03' }),
    source: z.enum(['rule', 'override']),
    building: z.string().nullable().openapi({ description: "The building's externalRef; null for the whole tenant" }),
    note: z.string().nullable(),
  })
  .openapi('AdminReadingWindow');

export const ReadingWindowChange = z
  .strictObject({
    closesAt: Instant.openapi({ description: 'The first instant after the window', example: '2026-06-03T23:59:59+03:00' }),
    opensAt: Instant.optional().openapi({ description: 'Default: when the window opens now for these premises (the rule, or an earlier move)' }),
    building: ExternalRef.optional().openapi({ description: "Only this building's premises (its externalRef)" }),
    note: z.string().trim().max(500).nullable().optional().openapi({ description: 'Why; kept when left out, cleared by null', example: 'Lieldienas' }),
  })
  .openapi('ReadingWindowChange');

const PeriodParam = z.object({ period: PeriodText.openapi({ param: { name: 'period', in: 'path' } }) });
const BuildingQuery = z.object({ building: ExternalRef.optional().openapi({ param: { name: 'building', in: 'query' } }) });

export const putReadingWindowRoute = createRoute({
  method: 'put',
  path: '/reading-windows/{period}',
  tags: ['admin: readings'],
  summary: "Move or extend one period's reading window, for the tenant or one building",
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: PeriodParam, ...jsonBody(ReadingWindowChange) },
  responses: {
    200: {
      description: 'Changed, or already so (`result`)',
      content: { 'application/json': { schema: z.object({ window: AdminReadingWindow, result: z.enum(['updated', 'unchanged']) }) } },
    },
    201: { description: 'Created', content: { 'application/json': { schema: z.object({ window: AdminReadingWindow, result: z.literal('created') }) } } },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const listReadingWindowsRoute = createRoute({
  method: 'get',
  path: '/reading-windows',
  tags: ['admin: readings'],
  summary: "A period's window in force for the tenant, and each building's own",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: z.object({ period: PeriodText.optional().openapi({ description: 'Default: this month' }) }) },
  responses: {
    200: {
      description: 'The windows',
      content: {
        'application/json': {
          schema: z.object({ period: PeriodText, tenant: AdminReadingWindow, buildings: z.array(AdminReadingWindow) }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const deleteReadingWindowRoute = createRoute({
  method: 'delete',
  path: '/reading-windows/{period}',
  tags: ['admin: readings'],
  summary: "Undo a moved window: the tenant's window (or the rule) applies again",
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: PeriodParam, query: BuildingQuery },
  responses: {
    204: { description: 'Removed' },
    ...errorResponses(400, 401, 403, 404),
  },
});
