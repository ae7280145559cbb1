/**
 * @module
 * The tenant's API keys: `GET/POST /v1/{tenant}/admin/keys`, `DELETE /v1/{tenant}/admin/keys/{keyId}`.
 * A key is shown whole once, in the answer that creates it; lists show its prefix only. Rotating
 * is creating the new key and revoking the old one (a key may revoke itself).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from './admin-caller.ts';
import { adminSecurity } from '../http/openapi.ts';
import { errorResponses, jsonBody } from '../http/openapi.ts';

export const ApiKey = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'dsk_Ab3xQ9' }),
    scopes: z.array(z.enum(['read', 'write'])),
    status: z.enum(['active', 'revoked', 'expired']),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const NewApiKey = z
  .strictObject({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Billing system' }),
    scopes: z.array(z.enum(['read', 'write'])).min(1).max(2).default(['read']),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the key stops working; never when left out' }),
  })
  .openapi('NewApiKey');

export const CreatedApiKey = z
  .object({ key: ApiKey, secret: z.string().openapi({ description: 'The whole key. Shown only here, once.', example: 'dsk_…' }) })
  .openapi('CreatedApiKey');

const KeyIdParam = z.object({ keyId: z.string().openapi({ param: { name: 'keyId', in: 'path' } }) });

export const listKeysRoute = createRoute({
  method: 'get',
  path: '/keys',
  tags: ['admin: keys'],
  summary: "The tenant's API keys (never their secrets)",
  security: adminSecurity,
  middleware: [adminAction('keys.manage')] as const,
  responses: {
    200: { description: 'Every key, revoked and expired ones too', content: { 'application/json': { schema: z.object({ keys: z.array(ApiKey) }) } } },
    ...errorResponses(401, 403),
  },
});

export const createKeyRoute = createRoute({
  method: 'post',
  path: '/keys',
  tags: ['admin: keys'],
  summary: 'Create an API key (needs a `write` key)',
  security: adminSecurity,
  middleware: [adminAction('keys.manage')] as const,
  request: jsonBody(NewApiKey),
  responses: {
    201: { description: 'The key, with its secret shown this once', content: { 'application/json': { schema: CreatedApiKey } } },
    ...errorResponses(400, 401, 403, 422),
  },
});

export const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/keys/{keyId}',
  tags: ['admin: keys'],
  summary: 'Revoke an API key at once (a key may revoke itself)',
  security: adminSecurity,
  middleware: [adminAction('keys.manage')] as const,
  request: { params: KeyIdParam },
  responses: {
    204: { description: 'Revoked (or it already was)' },
    ...errorResponses(401, 403, 404),
  },
});
