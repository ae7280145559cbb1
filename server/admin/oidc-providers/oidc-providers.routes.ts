/**
 * @module
 * The tenant's strong-login providers (issue #12): `GET /v1/{tenant}/admin/oidc-providers`,
 * `PUT /v1/{tenant}/admin/oidc-providers/{slug}`. A provider is an OpenID Connect issuer (the
 * manager's bank, eParaksts, Smart-ID) with the client the manager registered there. The client
 * secret is taken, stored encrypted, and never shown again; a PUT without it keeps the stored one.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';

const TAG = ['admin: identity providers'];

/** https, or http on localhost and 127.0.0.1 where a manager tries things out; no query or fragment. */
export const IssuerUrl = z
  .string()
  .max(300)
  .refine(
    (text) => {
      if (!URL.canParse(text)) return false;
      const url = new URL(text);
      const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      return (url.protocol === 'https:' || (local && url.protocol === 'http:')) && !url.search && !url.hash && !url.username && !url.password;
    },
    { message: 'an issuer is an https URL (http only for localhost), without query or fragment', params: { code: 'invalid_issuer' } },
  )
  .openapi({ example: 'https://eparaksts.example/trustedx-authserver/oauth' });

export const ProviderIcon = z.enum(['bank', 'eparaksts', 'smart-id', 'other']);
const Scope = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/);

export const OidcProviderInput = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).openapi({ example: 'eParaksts' }),
    icon: ProviderIcon.default('other'),
    issuer: IssuerUrl,
    clientId: z.string().trim().min(1).max(200),
    clientSecret: z.string().min(1).max(500).optional().openapi({ description: 'Required when the provider is created; left out, the stored one is kept. Never shown.' }),
    scopes: z
      .array(Scope)
      .min(1)
      .max(20)
      .refine((scopes) => scopes.includes('openid'), { message: 'scopes include openid', params: { code: 'openid_scope_required' } })
      .default(['openid']),
    personalCodeClaim: z.string().trim().min(1).max(100).default('personal_code').openapi({ description: 'The ID token (or userinfo) claim that holds the Latvian personal code' }),
    enabled: z.boolean().default(true),
    position: z.number().int().min(0).max(100).default(0).openapi({ description: 'Order of the login buttons, smallest first' }),
  })
  .openapi('OidcProviderInput');

export const OidcProvider = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    icon: ProviderIcon,
    issuer: z.string(),
    clientId: z.string(),
    scopes: z.array(z.string()),
    personalCodeClaim: z.string(),
    enabled: z.boolean(),
    position: z.number().int(),
    redirectUri: z.string().openapi({ description: 'Register this redirect URI with the provider' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OidcProvider');

export const ProviderSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
  .openapi({ param: { name: 'slug', in: 'path' }, example: 'eparaksts' });

const json = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

export const listOidcProvidersRoute = createRoute({
  method: 'get',
  path: '/oidc-providers',
  tags: TAG,
  summary: "The tenant's identity providers (never their client secrets)",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  responses: { 200: json('Every provider, disabled ones too', z.object({ items: z.array(OidcProvider) })), ...errorResponses(401, 403) },
});

export const putOidcProviderRoute = createRoute({
  method: 'put',
  path: '/oidc-providers/{slug}',
  tags: TAG,
  summary: 'Create or update an identity provider',
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: { params: z.object({ slug: ProviderSlug }), ...jsonBody(OidcProviderInput) },
  responses: {
    200: json('Updated', z.object({ item: OidcProvider })),
    201: json('Created', z.object({ item: OidcProvider })),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const deleteOidcProviderRoute = createRoute({
  method: 'delete',
  path: '/oidc-providers/{slug}',
  tags: TAG,
  summary: 'Delete an identity provider (its button goes; logins in progress with it end)',
  description:
    'The provider and its unfinished logins are deleted; a login that comes back from it afterwards ends with `oidc_state_invalid`. ' +
    'The identities residents proved with it (issuer and subject, linked to their accounts) are kept: they are the residents\', ' +
    'and nothing logs in with them while no provider of that issuer exists. A provider added again with the same issuer opens the same accounts, ' +
    'without matching personal codes again. To stop logins for a while without losing the settings, PUT it with `enabled: false`. ' +
    "404 for a slug the tenant does not have (another tenant's included).",
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: { params: z.object({ slug: ProviderSlug }) },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(401, 403, 404),
  },
});
