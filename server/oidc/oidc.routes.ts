/**
 * @module
 * The contract of strong login through OpenID Connect (issue #12):
 *
 * - `GET /auth/oidc/providers`: the buttons a login widget shows (no secrets).
 * - `GET /auth/oidc/{slug}/start?origin=…`: opened in a popup on the API's origin; remembers the
 *   login (state, nonce, PKCE verifier, the opener's origin) and sends the popup on to the provider.
 * - `GET /auth/oidc/{slug}/callback`: where the provider sends the browser back. It answers a
 *   small page that hands a one-time code to the opener by `postMessage`, to the opener's origin
 *   only, and closes. When the browser blocked the popup, the widget starts with `return=<page>`
 *   in the same window instead, and the callback moves back to that page with the code in the
 *   fragment (`#doorstep-oidc=…`), which no server sees.
 * - `POST /auth/oidc/exchange`: the widget trades the one-time code (once, within a minute, from
 *   the origin it was handed to) for the usual tokens, with `authLevel: "strong"`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { TokenResponse } from '../auth/auth.routes.ts';
import { ProviderIcon, ProviderSlug } from '../admin/oidc-providers/oidc-providers.routes.ts';

const TAG = ['auth: strong login'];

export const PublicOidcProvider = z
  .object({ slug: z.string(), displayName: z.string().openapi({ example: 'Internetbanka' }), icon: ProviderIcon })
  .openapi('PublicOidcProvider');

export const listPublicProvidersRoute = createRoute({
  method: 'get',
  path: '/auth/oidc/providers',
  tags: TAG,
  summary: 'The identity providers a login widget offers (enabled ones, in order)',
  security: [],
  responses: {
    200: { description: 'The providers', content: { 'application/json': { schema: z.object({ providers: z.array(PublicOidcProvider) }) } } },
    ...errorResponses(404),
  },
});

export const startOidcRoute = createRoute({
  method: 'get',
  path: '/auth/oidc/{slug}/start',
  tags: TAG,
  summary: 'Start a strong login (open in a popup): moves on to the provider',
  security: [],
  request: {
    params: z.object({ slug: ProviderSlug }),
    query: z.object({
      origin: z.string().max(300).openapi({ description: "The opener page's origin; one of the tenant's allowed origins", example: 'https://www.ogresnamsaimnieks.lv' }),
      remember: z.enum(['true', 'false']).optional(),
      return: z
        .string()
        .max(1000)
        .optional()
        .openapi({
          description:
            'A same-window login (the browser blocked the popup): the page to come back to, on `origin`. The callback then sends the browser there with `#doorstep-oidc=<one-time code>` (or `#doorstep-oidc-error=<code>`) instead of posting to an opener.',
          example: 'https://www.ogresnamsaimnieks.lv/maja',
        }),
    }),
  },
  responses: {
    200: {
      description: "A page that moves on to the provider's login at once (`<meta http-equiv=refresh>`, no script): an operation's success is a 2xx",
      content: { 'text/html': { schema: z.string() } },
    },
    ...errorResponses(400, 404, 502),
  },
});

export const callbackOidcRoute = createRoute({
  method: 'get',
  path: '/auth/oidc/{slug}/callback',
  tags: TAG,
  summary: "The provider's redirect back: a page that hands a one-time code to the opener",
  security: [],
  request: {
    params: z.object({ slug: ProviderSlug }),
    query: z.object({ state: z.string().max(500).optional(), code: z.string().max(2000).optional(), error: z.string().max(200).optional() }),
  },
  responses: {
    200: {
      description:
        'A page for the popup, whatever the outcome (a same-window login: a page that moves back to its `return` page with `#doorstep-oidc=<code>` or `#doorstep-oidc-error=<error>`): it posts `{type:"doorstep-oidc", code}` (or `{type:"doorstep-oidc", error}`) to the opener, at the opener\'s origin, and closes. Errors: `oidc_state_invalid` (unknown, used or expired login; posted nowhere), `oidc_cancelled`, `oidc_login_failed`, `oidc_provider_unavailable`, `personal_code_missing`, `personal_code_not_found`, `personal_code_ambiguous`, `account_disabled`.',
      content: { 'text/html': { schema: z.string() } },
    },
    ...errorResponses(400, 404),
  },
});

export const exchangeOidcRoute = createRoute({
  method: 'post',
  path: '/auth/oidc/exchange',
  tags: TAG,
  summary: 'Trade the one-time code for tokens (once, within a minute, from the opener origin)',
  security: [],
  request: jsonBody(z.object({ code: z.string().min(1).max(200) })),
  responses: {
    200: { description: 'A strong session', content: { 'application/json': { schema: TokenResponse } } },
    ...errorResponses(400, 401),
  },
});
