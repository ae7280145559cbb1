/**
 * @module
 * The operator's routes (`/v1/operator/…`, Bearer DOORSTEP_OPERATOR_TOKEN): create a tenant and
 * its first API key, list, read, change and disable tenants, and give a tenant a new key when its
 * manager has lost every key it had; open a staff account (the tenant's first console admin, who
 * then opens the others in the console).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CreatedApiKey, NewApiKey } from '../admin/keys.routes.ts';
import { CreatedStaffAccount, NewStaffAccount } from '../staff/staff-accounts.ts';
import { errorResponses, jsonBody, operatorSecurity } from '../http/openapi.ts';
import { AllowedOrigins, Language, TenantSlug, TimeZone, WindowRule } from '../tenancy/tenant-fields.ts';

export const TenantView = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    timeZone: z.string(),
    defaultLanguage: Language,
    allowedOrigins: z.array(z.string()),
    windowRule: z.unknown().openapi({ description: 'The reading window rule (see ReadingWindowRule)' }),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Tenant');

const NewTenant = z
  .strictObject({
    slug: TenantSlug,
    name: z.string().trim().min(1).max(200).openapi({ example: 'SIA "Ogres Namsaimnieks"' }),
    timeZone: TimeZone.optional(),
    defaultLanguage: Language.optional(),
    allowedOrigins: AllowedOrigins,
    windowRule: WindowRule.optional(),
  })
  .openapi('NewTenant');

const TenantChanges = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    timeZone: TimeZone.optional(),
    defaultLanguage: Language.optional(),
    allowedOrigins: AllowedOrigins.optional(),
    windowRule: WindowRule.optional(),
    disabled: z.boolean().optional().openapi({ description: 'A disabled tenant answers 404 tenant_not_found everywhere' }),
  })
  .openapi('TenantChanges');

const SlugParam = z.object({ slug: z.string().openapi({ param: { name: 'slug', in: 'path' }, example: 'ogre' }) });
const tenantAnswer = (description: string) => ({ description, content: { 'application/json': { schema: z.object({ tenant: TenantView }) } } });

export const createTenantRoute = createRoute({
  method: 'post',
  path: '/tenants',
  tags: ['operator'],
  summary: 'Create a tenant and its first API key (read + write)',
  security: operatorSecurity,
  request: jsonBody(NewTenant),
  responses: {
    201: {
      description: 'The tenant and its first key, whose secret is shown this once',
      content: { 'application/json': { schema: z.object({ tenant: TenantView, apiKey: CreatedApiKey }) } },
    },
    ...errorResponses(400, 401, 404, 409),
  },
});

export const listTenantsRoute = createRoute({
  method: 'get',
  path: '/tenants',
  tags: ['operator'],
  summary: 'Every tenant of this deployment',
  security: operatorSecurity,
  responses: {
    200: { description: 'The tenants, by slug', content: { 'application/json': { schema: z.object({ tenants: z.array(TenantView) }) } } },
    ...errorResponses(401, 404),
  },
});

export const getTenantRoute = createRoute({
  method: 'get',
  path: '/tenants/{slug}',
  tags: ['operator'],
  summary: 'One tenant',
  security: operatorSecurity,
  request: { params: SlugParam },
  responses: { 200: tenantAnswer('The tenant'), ...errorResponses(401, 404) },
});

export const updateTenantRoute = createRoute({
  method: 'patch',
  path: '/tenants/{slug}',
  tags: ['operator'],
  summary: 'Change or disable a tenant',
  security: operatorSecurity,
  request: { params: SlugParam, ...jsonBody(TenantChanges) },
  responses: { 200: tenantAnswer('The tenant as it is now'), ...errorResponses(400, 401, 404) },
});

export const createTenantKeyRoute = createRoute({
  method: 'post',
  path: '/tenants/{slug}/keys',
  tags: ['operator'],
  summary: 'Give a tenant a new API key (when its manager has lost every key)',
  security: operatorSecurity,
  request: { params: SlugParam, ...jsonBody(NewApiKey) },
  responses: {
    201: { description: 'The key, with its secret shown this once', content: { 'application/json': { schema: CreatedApiKey } } },
    ...errorResponses(400, 401, 404, 422),
  },
});

export const createTenantStaffRoute = createRoute({
  method: 'post',
  path: '/tenants/{slug}/staff',
  tags: ['operator'],
  summary: "Open a staff account of a tenant (its first console admin)",
  security: operatorSecurity,
  request: { params: SlugParam, ...jsonBody(NewStaffAccount) },
  responses: {
    201: { description: 'The account, and its temporary password shown this once', content: { 'application/json': { schema: CreatedStaffAccount } } },
    ...errorResponses(400, 401, 404, 409, 422),
  },
});
