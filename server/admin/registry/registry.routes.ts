/**
 * @module
 * The registry's route contracts for buildings, customers and premises (meters: meters.routes.ts):
 *
 *   GET /v1/{tenant}/admin/{things}?limit=&cursor=   every row, in pages (pagination.ts)
 *   GET /v1/{tenant}/admin/{things}/{externalRef}    one, by the manager's own id
 *   PUT /v1/{tenant}/admin/{things}/{externalRef}    create (201) or update (200), `result` says
 *                                                    created / updated / unchanged
 *
 * Another tenant's ref is simply not there: 404 `not_found`, in the path and in the body alike.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { adminAction } from '../admin-caller.ts';
import { ExternalRef, ExternalRefParam } from '../external-ref.ts';
import { pageOf, PageQuery } from '../pagination.ts';
import { Building, BuildingInput, Customer, CustomerInput, Premise, PremiseInput, upserted } from './registry.schemas.ts';

export const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

const TAG = ['admin: registry'];
const PremisesQuery = PageQuery.extend({ buildingRef: ExternalRef.optional().openapi({ description: "Only this building's premises" }) });

export const listBuildingsRoute = createRoute({
  method: 'get',
  path: '/buildings',
  tags: TAG,
  summary: 'Buildings',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery },
  responses: { 200: json('One page, in id order; nextCursor null on the last', pageOf(Building)), ...errorResponses(400, 401, 403, 404) },
});

export const getBuildingRoute = createRoute({
  method: 'get',
  path: '/buildings/{externalRef}',
  tags: TAG,
  summary: 'One building',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: ExternalRefParam },
  responses: { 200: json('The building', z.object({ item: Building })), ...errorResponses(400, 401, 403, 404) },
});

export const putBuildingRoute = createRoute({
  method: 'put',
  path: '/buildings/{externalRef}',
  tags: TAG,
  summary: 'Create or update a building',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(BuildingInput) },
  responses: {
    200: json('Updated, or unchanged when it already was exactly this', upserted(Building)),
    201: json('Created', upserted(Building)),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const listCustomersRoute = createRoute({
  method: 'get',
  path: '/customers',
  tags: TAG,
  summary: 'Customers (contract holders)',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery },
  responses: { 200: json('One page, in id order; nextCursor null on the last', pageOf(Customer)), ...errorResponses(400, 401, 403, 404) },
});

export const getCustomerRoute = createRoute({
  method: 'get',
  path: '/customers/{externalRef}',
  tags: TAG,
  summary: 'One customer',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: ExternalRefParam },
  responses: { 200: json('The customer', z.object({ item: Customer })), ...errorResponses(400, 401, 403, 404) },
});

export const putCustomerRoute = createRoute({
  method: 'put',
  path: '/customers/{externalRef}',
  tags: TAG,
  summary: 'Create or update a customer',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(CustomerInput) },
  responses: {
    200: json('Updated, or unchanged when it already was exactly this', upserted(Customer)),
    201: json('Created', upserted(Customer)),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const listPremisesRoute = createRoute({
  method: 'get',
  path: '/premises',
  tags: TAG,
  summary: 'Premises',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: PremisesQuery },
  responses: { 200: json('One page, in id order; nextCursor null on the last', pageOf(Premise)), ...errorResponses(400, 401, 403, 404) },
});

export const getPremiseRoute = createRoute({
  method: 'get',
  path: '/premises/{externalRef}',
  tags: TAG,
  summary: 'One premise',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: ExternalRefParam },
  responses: { 200: json('The premise', z.object({ item: Premise })), ...errorResponses(400, 401, 403, 404) },
});

export const putPremiseRoute = createRoute({
  method: 'put',
  path: '/premises/{externalRef}',
  tags: TAG,
  summary: 'Create or update a premise (its building and customer by their externalRef)',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: ExternalRefParam, ...jsonBody(PremiseInput) },
  responses: {
    200: json('Updated, or unchanged when it already was exactly this', upserted(Premise)),
    201: json('Created', upserted(Premise)),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
