/**
 * @module
 * How the manager's staff log in to the console (`/v1/{tenant}/staff/…`), in two steps:
 *
 * 1. `POST /staff/login` with email and password (the residents' Argon2id, policy and lockout)
 *    answers a login token for step 2 and, for an account without a second factor yet, a new TOTP
 *    key with its `otpauth://` URI and QR code.
 * 2. `POST /staff/login/totp` with the login token and a code from the authenticator app (or one
 *    of the recovery codes) answers the staff token (`dss_…`) that the admin routes accept. The
 *    first successful code also answers ten recovery codes, shown this once.
 *
 * `POST /staff/password` changes one's own password (the current one is asked for and counts
 * towards the lockout like a login; a temporary one from an admin's reset must be changed before
 * the session opens any admin route); it ends the account's other sessions.
 * `POST /staff/logout` ends the session; `GET /staff/session` tells the console who is logged in.
 * Any Authorization header sent here must be a live staff token of the tenant (401 otherwise):
 * resident tokens and API keys open nothing under /staff.
 */
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { StaffAccount } from './staff-accounts.ts';

const staffSecurity = [{ staffSession: [] }];

const StaffLogin = z.strictObject({ email: z.string().max(1000), password: z.string().min(1).max(1000) }).openapi('StaffLogin');

const LoginStep = z
  .object({
    next: z.enum(['totp', 'enrol']).openapi({ description: '`enrol`: set up the authenticator app with `enrolment` first' }),
    loginToken: z.string().openapi({ description: 'The credential of step 2, valid for five minutes' }),
    expiresAt: z.string(),
    enrolment: z
      .object({
        secret: z.string().openapi({ description: 'The TOTP key in base32, for typing in by hand' }),
        uri: z.string().openapi({ example: 'otpauth://totp/Doorstep:ilze@example.lv?…' }),
        qr: z.object({ size: z.number().int(), path: z.string() }).openapi({ description: 'The URI as a QR code: an SVG path in a size × size box' }),
      })
      .nullable(),
  })
  .openapi('StaffLoginStep');

const SecondFactor = z
  .strictObject({
    loginToken: z.string().min(1).max(200),
    code: z.string().max(20).optional().openapi({ example: '123456' }),
    recoveryCode: z.string().max(40).optional().openapi({ example: 'k7hq2-mpx9a' }),
  })
  .openapi('StaffSecondFactor');

const StaffSession = z
  .object({
    token: z.string().openapi({ description: 'Authorization: Bearer dss_… on the admin routes' }),
    expiresAt: z.string().openapi({ description: 'Slides forward with every use (30 minutes idle), 12 hours after login at most' }),
    staff: StaffAccount,
    recoveryCodes: z.array(z.string()).nullable().openapi({ description: 'After enrolment only: ten one-time codes, shown this once' }),
  })
  .openapi('StaffSession');

export const staffLoginRoute = createRoute({
  method: 'post',
  path: '/staff/login',
  tags: ['staff'],
  summary: 'Staff login, step 1: email and password',
  request: jsonBody(StaffLogin),
  responses: {
    200: { description: 'The password was right; send a code next', content: { 'application/json': { schema: LoginStep } } },
    ...errorResponses(400, 401, 423),
  },
});

export const staffSecondFactorRoute = createRoute({
  method: 'post',
  path: '/staff/login/totp',
  tags: ['staff'],
  summary: 'Staff login, step 2: a code from the authenticator app, or a recovery code',
  request: jsonBody(SecondFactor),
  responses: {
    200: { description: 'Logged in', content: { 'application/json': { schema: StaffSession } } },
    ...errorResponses(400, 401, 423),
  },
});

export const staffLogoutRoute = createRoute({
  method: 'post',
  path: '/staff/logout',
  tags: ['staff'],
  summary: 'End the staff session',
  security: staffSecurity,
  responses: { 204: { description: 'Ended' }, ...errorResponses(401) },
});

export const staffSessionRoute = createRoute({
  method: 'get',
  path: '/staff/session',
  tags: ['staff'],
  summary: 'Who is logged in to the console',
  security: staffSecurity,
  responses: {
    200: { description: 'The staff account and when the session ends if unused', content: { 'application/json': { schema: z.object({ staff: StaffAccount, expiresAt: z.string() }) } } },
    ...errorResponses(401),
  },
});

const PasswordChange = z
  .strictObject({
    currentPassword: z.string().min(1).max(1000),
    newPassword: z.string().max(1000).openapi({ description: "The residents' password rules apply" }),
  })
  .openapi('StaffPasswordChange');

/** A staff session before the body is looked at: without one the answer is 401, not a 400 about the body. */
const staffSessionFirst: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('admin')?.kind !== 'staff') throw unauthorized('Log in to the console first.');
  await next();
};

export const staffPasswordRoute = createRoute({
  method: 'post',
  path: '/staff/password',
  tags: ['staff'],
  summary: 'Change your own password (ends your other sessions)',
  security: staffSecurity,
  middleware: [staffSessionFirst] as const,
  request: jsonBody(PasswordChange),
  responses: {
    200: { description: 'Changed', content: { 'application/json': { schema: z.object({ staff: StaffAccount }) } } },
    ...errorResponses(400, 401, 422, 423),
  },
});
