/**
 * @module
 * Who reaches a premise: `GET /admin/premises/{premiseRef}/grants`, and the manager's two kinds of
 * grant, `PUT /admin/premises/{premiseRef}/grants/{userId}` (owner or proxy; creates or changes)
 * and `DELETE …` (revokes any grant, a member's too). The rules are in grant-rules.ts.
 *
 * `premiseRef` is the premise's `externalRef` (the manager's own id, URL-encoded), or its id when
 * no premise has that externalRef. Every change is seen by the resident on the very next request:
 * the resident side loads grants afresh each time (auth/sessions.ts LIVE_SESSION).
 */
import { ExternalRef } from '../external-ref.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { adminAction } from '../admin-caller.ts';
import { PageQuery, pageOf } from '../pagination.ts';

export const AdminGrant = z
  .object({
    id: z.string().uuid(),
    premise: z.object({ id: z.string().uuid(), externalRef: z.string().nullable(), label: z.string() }),
    user: z.object({
      id: z.string().uuid(),
      email: z.string(),
      name: z.string(),
      status: z.enum(['pending', 'active', 'disabled']).openapi({ description: "The account's state: `pending` (invited, no password yet; the invitation can be sent again), `active`, `disabled`" }),
    }),
    role: z.enum(['owner', 'proxy', 'member']),
    rights: z.array(z.enum(['invoices', 'readings'])).openapi({ description: 'What the grant lets the person do (owners and proxies: everything)' }),
    authorizationRef: z.string().nullable().openapi({ description: "A proxy's authorisation, e.g. the notarised power of attorney's number" }),
    expiresAt: z.string().nullable(),
    status: z.enum(['active', 'expired']).openapi({ description: '`expired`: past expiresAt, opens nothing' }),
    grantedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminGrant');

export const AdminGrantPage = pageOf(AdminGrant).openapi('AdminGrantPage');

export const GrantBody = z
  .strictObject({
    role: z.enum(['owner', 'proxy']),
    authorizationRef: z.string().trim().max(200).nullish().openapi({ description: 'Required for a proxy; not for an owner', example: 'Notariāla pilnvara Nr. 2026/114' }),
    expiresAt: z.iso.datetime({ offset: true }).nullish().openapi({ description: 'A proxy only: from then on the grant opens nothing. Never when left out or null.' }),
  })
  .openapi('GrantRequest');

export const GrantResult = z
  .object({ item: AdminGrant, result: z.enum(['created', 'updated', 'unchanged']) })
  .openapi('GrantResult');

export const PremiseRefParam = ExternalRef.openapi({ param: { name: 'premiseRef', in: 'path' }, example: 'D-12345' });
const GrantParams = z.object({ premiseRef: PremiseRefParam, userId: z.string().openapi({ param: { name: 'userId', in: 'path' }, example: 'uuid' }) });

export const premiseGrantsRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseRef}/grants',
  tags: ['admin: people'],
  summary: 'Everyone who reaches the premise (owners, proxies, members; expired grants marked), in id order',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: z.object({ premiseRef: PremiseRefParam }), query: PageQuery },
  responses: {
    200: { description: 'A page of grants', content: { 'application/json': { schema: AdminGrantPage } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const putGrantRoute = createRoute({
  method: 'put',
  path: '/premises/{premiseRef}/grants/{userId}',
  tags: ['admin: people'],
  summary: 'Make the account the owner or a proxy of the premise (creates, or changes the grant it holds)',
  description:
    'A proxy needs `authorizationRef` and may carry `expiresAt`; an owner carries neither (400 `validation_failed`). ' +
    '422 `expiry_in_past` for an expiry that has passed. A member grant the person holds becomes this grant. ' +
    '201 when created, 200 when updated or unchanged (`result` says which).',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: GrantParams, ...jsonBody(GrantBody) },
  responses: {
    200: { description: 'Updated or unchanged', content: { 'application/json': { schema: GrantResult } } },
    201: { description: 'Created', content: { 'application/json': { schema: GrantResult } } },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const deleteGrantRoute = createRoute({
  method: 'delete',
  path: '/premises/{premiseRef}/grants/{userId}',
  tags: ['admin: people'],
  summary: "Revoke the person's access to the premise (their account stays); effective on their next request",
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: GrantParams },
  responses: {
    204: { description: 'Revoked' },
    ...errorResponses(401, 403, 404),
  },
});
