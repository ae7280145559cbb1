/**
 * @module
 * The manager's residents (logins): `POST /admin/users` opens an account, `GET /admin/users`
 * (`?email=` finds one), `GET /admin/users/{userId}`, `POST /admin/users/{userId}/invitation`
 * sends the link again, `GET /admin/users/{userId}/grants` lists what the account reaches,
 * `PUT /admin/users/{userId}/personal-code` sets the person's personal code (a proxy's, say), so
 * their strong login (bank, eParaksts, Smart-ID) opens this account; stored only as its keyed hash.
 *
 * An account opens in one of two ways (`signIn`):
 * - `invitation` (the default): the account waits as `pending` and the resident gets an email
 *   whose link (the `<invitation-accept>` element) lets them choose the password. Nobody but the
 *   resident ever knows it.
 * - `temporary_password`: for residents without email habits, as the demo's `janis`. The manager
 *   types a password or leaves it out and the server makes a strong one, which the answer shows
 *   this once. The resident logs in with it and must change it before anything else.
 *
 * Emails are stored in one normal form (mail/address.ts, the same as registration and login), so
 * `?email=` and the duplicate check compare the stored value exactly.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { Language } from '../../tenancy/tenant-fields.ts';
import { adminAction } from '../admin-caller.ts';
import { PageQuery, pageOf } from '../pagination.ts';
import { AdminGrantPage } from './grants.routes.ts';

export const AdminUser = z
  .object({
    id: z.string().uuid(),
    email: z.string().openapi({ example: 'janis@example.lv' }),
    name: z.string(),
    phone: z.string().nullable(),
    language: Language,
    status: z.enum(['pending', 'active', 'disabled']).openapi({ description: '`pending`: invited, no password chosen yet' }),
    mustChangePassword: z.boolean().openapi({ description: 'Holds a temporary password that must be changed at the next login' }),
    personalCodeSet: z.boolean().openapi({ description: 'A personal code is set (stored only as a keyed hash, never shown): a strong login with it opens this account' }),
    emailConfirmedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AdminUser');

export const NewUser = z
  .strictObject({
    email: z.string().max(1000).openapi({ example: 'janis@example.lv', description: 'Stored trimmed, lower-cased, with the domain in punycode' }),
    name: z.string().trim().max(200).optional().openapi({ example: 'Jānis Ozols' }),
    phone: z.string().trim().max(40).optional().openapi({ example: '+37126112233' }),
    language: Language.optional().openapi({ description: "The resident's language for emails and the widgets; the tenant's when left out" }),
    signIn: z.enum(['invitation', 'temporary_password']).default('invitation'),
    temporaryPassword: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .openapi({ description: 'Only with `signIn: "temporary_password"`; left out, the server makes one and answers it once' }),
  })
  .openapi('NewUser');

const SentInvitation = z.object({ id: z.string().uuid(), email: z.string(), expiresAt: z.string() }).openapi('AdminSentInvitation');

export const CreatedUser = z
  .object({
    user: AdminUser,
    temporaryPassword: z.string().optional().openapi({ description: 'The password the server made. Shown only here, once.' }),
    invitation: SentInvitation.optional(),
  })
  .openapi('CreatedUser');

const UserIdParam = z.object({ userId: z.string().openapi({ param: { name: 'userId', in: 'path' }, example: 'uuid' }) });

export const createUserRoute = createRoute({
  method: 'post',
  path: '/users',
  tags: ['admin: people'],
  summary: 'Open a resident account, with an invitation email or a temporary password',
  description:
    '409 `email_taken` when the tenant has an account with this email; 422 `password_rejected` (fields.temporaryPassword = rule codes) ' +
    'when a typed temporary password breaks the password rules; 400 `validation_failed` otherwise.',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: jsonBody(NewUser),
  responses: {
    201: { description: 'The account; the temporary password only when the server made it', content: { 'application/json': { schema: CreatedUser } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

export const listUsersRoute = createRoute({
  method: 'get',
  path: '/users',
  tags: ['admin: people'],
  summary: 'Resident accounts, in id order; `?email=` finds the one with that email',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: PageQuery.extend({ email: z.string().max(1000).optional().openapi({ example: 'janis@example.lv' }) }) },
  responses: {
    200: { description: 'A page of accounts', content: { 'application/json': { schema: pageOf(AdminUser).openapi('AdminUserPage') } } },
    ...errorResponses(400, 401, 403),
  },
});

export const getUserRoute = createRoute({
  method: 'get',
  path: '/users/{userId}',
  tags: ['admin: people'],
  summary: 'One resident account',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: UserIdParam },
  responses: {
    200: { description: 'The account', content: { 'application/json': { schema: z.object({ user: AdminUser }) } } },
    ...errorResponses(401, 403, 404),
  },
});

export const inviteUserRoute = createRoute({
  method: 'post',
  path: '/users/{userId}/invitation',
  tags: ['admin: people'],
  summary: 'Send a pending account its invitation email again (the earlier link stops working)',
  description: '409 `account_active` when the account has a password already (it logs in, or resets its password itself).',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: UserIdParam },
  responses: {
    201: { description: 'Sent', content: { 'application/json': { schema: z.object({ invitation: SentInvitation }) } } },
    ...errorResponses(401, 403, 404, 409),
  },
});

export const userGrantsRoute = createRoute({
  method: 'get',
  path: '/users/{userId}/grants',
  tags: ['admin: people'],
  summary: "The account's grants (expired ones too, marked so), in id order",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { params: UserIdParam, query: PageQuery },
  responses: {
    200: { description: 'A page of grants', content: { 'application/json': { schema: AdminGrantPage } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const PersonalCodeBody = z
  .strictObject({
    personalCode: z
      .string()
      .max(40)
      .nullable()
      .openapi({ description: 'A Latvian personal code (`DDMMYY-NNNNN` or a new `32…` code; spaces, the dash and a `PNOLV-` prefix are accepted); null removes it', example: '140382-10124' }),
  })
  .openapi('PersonalCodeRequest');

export const putUserPersonalCodeRoute = createRoute({
  method: 'put',
  path: '/users/{userId}/personal-code',
  tags: ['admin: people'],
  summary: "Set the person's personal code (e.g. a proxy's), so their strong login opens this account; null removes it",
  description:
    'Stored only as a keyed hash (HMAC) and never shown again: the answer says `personalCodeSet`. ' +
    '400 `validation_failed` with `fields.personalCode: "invalid_personal_code"` when it is not a Latvian personal code; ' +
    "409 `personal_code_taken` when another account of the tenant has it; 404 for an id that is not one of the tenant's accounts. " +
    '`result`: `updated`, `unchanged` (the same code, however written) or `removed`.',
  security: adminSecurity,
  middleware: [adminAction('write')] as const,
  request: { params: UserIdParam, ...jsonBody(PersonalCodeBody) },
  responses: {
    200: {
      description: 'The account',
      content: { 'application/json': { schema: z.object({ user: AdminUser, result: z.enum(['updated', 'unchanged', 'removed']) }).openapi('PersonalCodeResult') } },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
