/**
 * @module
 * The contract of the profile routes: the resident's own contact details, language and email
 * preferences (GET /me/profile, PATCH /me), the email change with confirmation, logout on every
 * device, and unsubscribing from reminder-type mail. GET /me itself (user and premises) is in
 * server/me/. Handlers: profile.handlers.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from '../http/openapi.ts';
import { AnyPassword, EmailField, TokenField } from '../registration/registration.routes.ts';

export const EmailPreferences = z
  .object({
    readingReminders: z.boolean().openapi({ description: "Reminders when the reading window opens, on its last day, and before a meter's verification date" }),
    readingReceipts: z.boolean().openapi({ description: 'A confirmation email with the value and time of each reading the person submits (off unless chosen)' }),
    invoicesByEmail: z.boolean().openapi({ description: 'Invoices by email ("Vēlos saņemt rēķinus uz norādīto e-pastu")' }),
    newNotices: z.boolean().openapi({ description: "The manager's new notices" }),
    managerReplies: z.boolean().openapi({ description: "Replies from the manager in contact threads" }),
  })
  .openapi('EmailPreferences');

export const Profile = z
  .object({
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    language: z.enum(['lv', 'en', 'ru']),
    emailPreferences: EmailPreferences,
    pendingEmail: z.string().nullable().openapi({ description: 'A new email waiting for its confirmation, if any' }),
  })
  .openapi('Profile');

const profileResponse = { 200: { description: 'The profile', content: { 'application/json': { schema: Profile } } } };

export const getProfileRoute = createRoute({
  method: 'get',
  path: '/me/profile',
  tags: ['profile'],
  summary: "The logged-in user's contact details, language and email preferences",
  security: [{ bearer: [] }],
  responses: { ...profileResponse, ...errorResponses(401) },
});

export const ProfilePatch = z
  .object({
    name: z.string().max(200).optional(),
    phone: z.string().max(40).nullable().optional().openapi({ example: '+371 29 123 456', description: 'null or "" clears it' }),
    language: z.enum(['lv', 'en', 'ru']).optional(),
    emailPreferences: EmailPreferences.partial().strict().optional(),
  })
  .strict()
  .openapi('ProfilePatch');

export const patchProfileRoute = createRoute({
  method: 'patch',
  path: '/me',
  tags: ['profile'],
  summary: 'Change name, phone, language or email preferences (only the fields sent)',
  description: 'The email changes through POST /me/email (with confirmation), the password through POST /auth/password/change.',
  security: [{ bearer: [] }],
  request: jsonBody(ProfilePatch),
  responses: { ...profileResponse, ...errorResponses(400, 401) },
});

export const requestEmailChangeRoute = createRoute({
  method: 'post',
  path: '/me/email',
  tags: ['profile'],
  summary: 'Ask to change the login email: a confirmation link goes to the new address, a notice to the old one',
  description: 'Nothing changes until the link is followed. The answer is the same whether or not the new address already has an account.',
  security: [{ bearer: [] }],
  request: jsonBody(z.object({ newEmail: EmailField, currentPassword: AnyPassword })),
  responses: {
    202: {
      description: 'The confirmation link was emailed to the new address',
      content: { 'application/json': { schema: z.object({ status: z.literal('confirmation_sent'), message: z.string() }) } },
    },
    ...errorResponses(400, 401, 429),
  },
});

export const confirmEmailChangeRoute = createRoute({
  method: 'post',
  path: '/me/email/confirm',
  tags: ['profile'],
  summary: 'Confirm the new email with the token from the link (single use, 24 hours); no session needed',
  request: jsonBody(z.object({ token: TokenField })),
  responses: {
    200: {
      description: 'The login email is changed',
      content: { 'application/json': { schema: z.object({ status: z.literal('email_changed'), email: z.string() }) } },
    },
    ...errorResponses(400, 409),
  },
});

export const logoutEverywhereRoute = createRoute({
  method: 'post',
  path: '/auth/logout-everywhere',
  tags: ['profile'],
  summary: 'End every session of the account, this one included',
  security: [{ bearer: [] }],
  responses: { 204: { description: 'Logged out everywhere' }, ...errorResponses(401) },
});

export const unsubscribeRoute = createRoute({
  method: 'post',
  path: '/email/unsubscribe',
  tags: ['profile'],
  summary: 'Turn off one kind of reminder mail with the token from its unsubscribe link',
  description:
    'Takes the token as `?token=` (RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to the ' +
    '`List-Unsubscribe` URL) or as JSON `{ "token": "…" }` (the widget, from the `#token=…&flow=unsubscribe` link).',
  request: { query: z.object({ token: z.string().max(2048).optional() }) },
  responses: {
    200: {
      description: 'That kind of mail is off',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('unsubscribed'), category: z.enum(['readingReminders', 'readingReceipts', 'invoicesByEmail', 'newNotices', 'managerReplies']) }),
        },
      },
    },
    ...errorResponses(400),
  },
});
