/**
 * @module
 * The contract of the meter-reading routes (paths relative to /v1/{tenant}):
 *
 * - `GET /premises/{premiseId}/meters` — the premise's meters with their last reading, this
 *   period's reading, verification state and the window state.
 * - `POST /premises/{premiseId}/meters/{meterId}/readings` — submit or correct this period's
 *   reading. Sending the value that is already current changes nothing and answers 200, so double
 *   clicks and retries never add versions.
 * - `GET /premises/{premiseId}/meters/{meterId}/readings?from=YYYY-MM&to=YYYY-MM` — history with
 *   monthly consumption and every version.
 *
 * Members need the `readings` right (403 without it); a premise or meter that is not the user's is
 * 404. Business refusals are 422 with a stable code and the figures in `fields`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody, PremiseIdParam } from '../http/openapi.ts';

const MeterIdParam = z.string().openapi({ param: { name: 'meterId', in: 'path' }, example: 'uuid' });
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ example: '2026-05' });
const DateText = z.string().openapi({ example: '2026-05-30' });
const Decimal = z.string().openapi({ example: '123.450' });

export const WindowStateSchema = z
  .object({
    open: z.boolean().openapi({ description: 'Readings are accepted now' }),
    period: Period.openapi({ description: 'The period readings go to now, or the next window’s period when closed' }),
    opensAt: z.string().datetime(),
    closesAt: z.string().datetime().openapi({ description: 'The first instant after the window' }),
    firstDay: DateText.openapi({ description: 'First local day of the window' }),
    lastDay: DateText.openapi({ description: 'Last local day of the window' }),
    source: z.enum(['rule', 'override']),
  })
  .openapi('ReadingWindow');

const ReadingSummary = z
  .object({
    period: Period,
    value: Decimal,
    version: z.number().int(),
    date: DateText.openapi({ description: 'Local date it was submitted' }),
    submittedAt: z.string().datetime(),
    source: z.enum(['resident', 'manager', 'import']),
  })
  .openapi('ReadingSummary');

const MeterKindSchema = z.enum(['cold_water', 'hot_water', 'heat', 'electricity', 'gas']);

export const MeterSchema = z
  .object({
    id: z.string().uuid(),
    kind: MeterKindSchema,
    location: z.string().openapi({ example: 'Vannas istaba' }),
    serialNumber: z.string(),
    unit: z.string().openapi({ example: 'm3' }),
    decimals: z.number().int(),
    lastReading: ReadingSummary.nullable().openapi({ description: 'The latest reading received, any period' }),
    previousReading: ReadingSummary.nullable().openapi({ description: 'The reading this period’s consumption is counted from' }),
    // A union, not .nullable(): the generator renders a nullable extension of a named schema as
    // allOf [$ref, object|null], which no null satisfies (generated clients would reject it).
    periodReading: z
      .union([ReadingSummary.extend({ consumption: Decimal.nullable() }), z.null()])
      .openapi({ description: 'The reading of the window’s period, if already submitted' }),
    verificationDue: DateText.nullable(),
    verification: z.enum(['unknown', 'valid', 'due_soon', 'expired']),
    accepting: z.boolean().openapi({ description: 'A reading can be submitted for this meter now, by this user' }),
    refusal: z
      .enum(['reading_window_closed', 'meter_verification_expired', 'forbidden'])
      .nullable()
      .openapi({ description: 'Why not, when not accepting' }),
    window: WindowStateSchema,
  })
  .openapi('Meter');

export const MetersResponse = z
  .object({
    premiseId: z.string().uuid(),
    window: WindowStateSchema,
    canSubmit: z.boolean(),
    verificationReminderDays: z.number().int(),
    meters: z.array(MeterSchema),
  })
  .openapi('Meters');

export const SubmitReadingBody = z
  .object({
    value: z.union([z.string(), z.number()]).openapi({ description: 'As typed: comma or dot, spaces allowed', example: '123,45' }),
    confirm: z.boolean().optional().default(false).openapi({ description: 'Send anyway after confirmation_required' }),
  })
  .openapi('SubmitReading');

const Person = z.object({ id: z.string().uuid(), name: z.string() }).nullable();

export const SubmittedReading = z
  .object({
    reading: z.object({
      id: z.string().uuid(),
      meterId: z.string().uuid(),
      period: Period,
      value: Decimal,
      version: z.number().int(),
      submittedAt: z.string().datetime(),
      submittedBy: Person,
    }),
    previousReading: z.object({ period: Period.nullable(), value: Decimal }).nullable(),
    consumption: Decimal.nullable(),
    corrected: z.boolean().openapi({ description: 'An earlier version of this period was replaced' }),
    unchanged: z.boolean().openapi({ description: 'The value was already current: nothing was stored' }),
  })
  .openapi('SubmittedReading');

export const HistoryResponse = z
  .object({
    meter: MeterSchema.pick({ id: true, kind: true, location: true, serialNumber: true, unit: true, decimals: true }),
    from: Period,
    to: Period,
    periods: z.array(
      z.object({
        period: Period,
        value: Decimal,
        consumption: Decimal.nullable(),
        months: z.number().int().nullable().openapi({ description: 'Months the consumption covers (more than 1 after a gap)' }),
        submittedAt: z.string().datetime(),
        source: z.enum(['resident', 'manager', 'import']),
        versions: z.array(
          z.object({
            version: z.number().int(),
            value: Decimal,
            submittedAt: z.string().datetime(),
            submittedBy: Person,
            source: z.enum(['resident', 'manager', 'import']),
          }),
        ),
      }),
    ),
  })
  .openapi('ReadingHistory');

export const listMetersRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/meters',
  tags: ['readings'],
  summary: 'The meters of a premise, with readings, verification and the reading window',
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam }) },
  responses: {
    200: { description: 'The meters', content: { 'application/json': { schema: MetersResponse } } },
    ...errorResponses(401, 403, 404),
  },
});

export const submitReadingRoute = createRoute({
  method: 'post',
  path: '/premises/{premiseId}/meters/{meterId}/readings',
  tags: ['readings'],
  summary: 'Submit or correct this period’s reading',
  description:
    'Refusals (422): reading_window_closed, meter_verification_expired, meter_removed, reading_below_previous, ' +
    'confirmation_required (resend with confirm: true). Value errors (400): reading_value_required, reading_value_invalid, ' +
    'reading_value_negative, reading_value_too_many_decimals, reading_value_too_large.',
  security: [{ bearer: [] }],
  request: { params: z.object({ premiseId: PremiseIdParam, meterId: MeterIdParam }), ...jsonBody(SubmitReadingBody) },
  responses: {
    200: { description: 'The value was already current; nothing changed', content: { 'application/json': { schema: SubmittedReading } } },
    201: { description: 'Stored as the current reading of the period', content: { 'application/json': { schema: SubmittedReading } } },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const readingHistoryRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/meters/{meterId}/readings',
  tags: ['readings'],
  summary: 'A meter’s readings and monthly consumption (default: the last 24 months)',
  security: [{ bearer: [] }],
  request: {
    params: z.object({ premiseId: PremiseIdParam, meterId: MeterIdParam }),
    query: z.object({ from: Period.optional(), to: Period.optional() }),
  },
  responses: {
    200: { description: 'The history', content: { 'application/json': { schema: HistoryResponse } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
