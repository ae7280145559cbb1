/**
 * @module
 * The contract of the login routes: request and response schemas that both validate requests and
 * generate the OpenAPI document. The handlers are in auth.handlers.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from '../http/openapi.ts';

/** Checked and normalised by parseEmailAddress in the handler (unicode domains become punycode). */
const Email = z.string().trim().min(3).max(254).openapi({ format: 'email', example: 'anna@example.lv' });
/** Generous limit for what we accept on the wire; the policy's limit is 128 characters. */
const AnyPassword = z.string().min(1).max(1024);

export const UserSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    language: z.enum(['lv', 'en', 'ru']),
    mustChangePassword: z.boolean(),
    authLevel: z.enum(['basic', 'strong']),
  })
  .openapi('User');

export const TokenResponse = z
  .object({
    accessToken: z.string(),
    accessTokenExpiresAt: z.string().datetime(),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.string().datetime(),
    remember: z.boolean(),
    user: UserSchema,
  })
  .openapi('TokenResponse');

const tokenResponses = {
  200: { description: 'A new access token and refresh token', content: { 'application/json': { schema: TokenResponse } } },
};

export const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['auth'],
  summary: 'Log in with email and password',
  request: jsonBody(z.object({ email: Email, password: AnyPassword, remember: z.boolean().optional().default(false) })),
  responses: { ...tokenResponses, ...errorResponses(400, 401, 423, 429) },
});

export const refreshRoute = createRoute({
  method: 'post',
  path: '/auth/refresh',
  tags: ['auth'],
  summary: 'Trade the refresh token for a new pair (rotation; reuse revokes the session)',
  request: jsonBody(z.object({ refreshToken: z.string().min(1).max(200) })),
  responses: { ...tokenResponses, ...errorResponses(400, 401) },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['auth'],
  summary: 'End the session of the access token and/or the refresh token',
  description: 'Optional JSON body `{ "refreshToken": "…" }` ends that session even when the access token has expired.',
  responses: { 204: { description: 'Logged out' }, ...errorResponses(400, 401) },
});

export const changePasswordRoute = createRoute({
  method: 'post',
  path: '/auth/password/change',
  tags: ['auth'],
  summary: 'Change the password; every session of the account ends and a new one starts',
  security: [{ bearer: [] }],
  request: jsonBody(z.object({ currentPassword: AnyPassword, newPassword: AnyPassword })),
  responses: { ...tokenResponses, ...errorResponses(400, 401, 422) },
});
