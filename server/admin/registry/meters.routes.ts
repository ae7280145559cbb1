/**
 * @module
 * The meter routes of the registry, under /v1/{tenant}/admin:
 *
 *   GET  /meters?premiseRef=&limit=&cursor=      every meter (removed ones too, with removedAt)
 *   GET  /meters/{externalRef}                   one
 *   PUT  /meters/{externalRef}                   install (201) or update (200) a meter
 *   PUT  /meters/{externalRef}/verification      set (or clear) the next verification date
 *   POST /meters/{externalRef}/remove            take it out on a day, with its last reading
 *   POST /meters/{externalRef}/replace           take it out and install its successor at once
 *
 * Residents see the change on their next request: the meter list shows a meter until the day it
 * is removed (readings.repository.ts), and a removal or replacement is never dated in the future,
 * so a removed meter is gone from the list at once and its successor is there at once.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { adminAction } from '../admin-caller.ts';
import { ExternalRef, ExternalRefParam } from '../external-ref.ts';
import { pageOf, PageQuery } from '../pagination.ts';
import { json } from './registry.routes.ts';
import { Meter, MeterInput, MeterRemoval, MeterReplacement, upserted, VerificationInput } from './registry.schemas.ts';

const TAG = ['admin: registry'];
const MetersQuery = PageQuery.extend({ premiseRef: ExternalRef.optional().openapi({ description: "Only this premise's meters" }) });

export const listMetersRoute = createRoute({
  method: 'get',
  path: '/meters',
  tags: TAG,
  summary: 'Meters, removed ones too',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: MetersQuery },
  responses: { 200: json('One page, in id order; nextCursor null on the last', pageOf(Meter)), ...errorResponses(400, 401, 403, 404) },
});

export const getMeterRoute = createRoute({
  method: 'get',
  path: '/meters/{externalRef}',
  tags: TAG,
  summary: 'One meter',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: ExternalRefParam },
  responses: { 200: json('The meter', z.object({ item: Meter })), ...errorResponses(400, 401, 403, 404) },
});

export const putMeterRoute = createRoute({
  method: 'put',
  path: '/meters/{externalRef}',
  tags: TAG,
  summary: 'Install or update a meter (on a premise given by its externalRef)',
  description:
    'Refusals (422): meter_premise_fixed and meter_kind_fixed (a meter never moves or changes kind: remove it and install another). ' +
    'initialValue is checked against the meter’s decimals (400 reading_value_*).',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(MeterInput) },
  responses: {
    200: json('Updated, or unchanged', upserted(Meter)),
    201: json('Installed', upserted(Meter)),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const putVerificationRoute = createRoute({
  method: 'put',
  path: '/meters/{externalRef}/verification',
  tags: TAG,
  summary: "Set the meter's next verification date (null: unknown)",
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(VerificationInput) },
  responses: { 200: json('The meter, updated or unchanged', upserted(Meter)), ...errorResponses(400, 401, 403, 404) },
});

const lifecycleRefusals =
  'Refusals (422): date_in_future, date_before_installation, reading_below_previous (the last reading is below the one before it), ' +
  'readings_after_removal (the meter has readings of a later month). 409 meter_removed: it was removed already, otherwise.';

export const removeMeterRoute = createRoute({
  method: 'post',
  path: '/meters/{externalRef}/remove',
  tags: TAG,
  summary: 'Remove a meter on a day, with its last reading',
  description: lifecycleRefusals,
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(MeterRemoval) },
  responses: {
    200: json('Removed (result updated), or it already was, on that day (unchanged)', upserted(Meter)),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export const replaceMeterRoute = createRoute({
  method: 'post',
  path: '/meters/{externalRef}/replace',
  tags: TAG,
  summary: 'Replace a meter: the old one is removed with its last reading, the new one starts at its initial value',
  description: `${lifecycleRefusals} 409 external_ref_taken: the new meter's externalRef is in use.`,
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(MeterReplacement) },
  responses: {
    201: json('The new meter (item) and the old one (replaced)', upserted(Meter).extend({ replaced: Meter })),
    200: json('This replacement was made already (unchanged)', upserted(Meter).extend({ replaced: Meter })),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});
