/**
 * @module
 * The contract of household users ("papildu lietotāji"): an owner or proxy invites people to its
 * premises with rights, lists them, changes their rights and removes them; the invitee looks the
 * invitation up and accepts it. Handlers: members.handlers.ts and invitations.handlers.ts.
 *
 * Bodies are strict: a field the contract does not name (`role`, `tenant_id`, `userId`, …) is
 * refused with 400 `validation_failed` / `unknown_field`, so nobody can slip a role or another
 * tenant into a grant.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody, PremiseIdParam } from '../http/openapi.ts';

const Email = z.string().trim().min(3).max(254).email().openapi({ example: 'liga@example.lv' });
const RightSchema = z.enum(['invoices', 'readings']);
/** At least one right: a member with none would see an address and nothing on it. */
const Rights = z.array(RightSchema).min(1).max(2).openapi({ example: ['invoices'] });
const Language = z.enum(['lv', 'en', 'ru']);
/** Ids travel as plain strings: one that is not a UUID is simply not found (404), never a 400 or 500. */
const Id = z.string().min(1).max(100);

const MemberIdParam = z.string().openapi({ param: { name: 'memberId', in: 'path' }, example: 'uuid' });
const InvitationIdParam = z.string().openapi({ param: { name: 'invitationId', in: 'path' }, example: 'uuid' });

export const Member = z
  .object({
    userId: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    rights: z.array(RightSchema),
    grantedAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi('Member');

export const PendingInvitation = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    rights: z.array(RightSchema),
    premiseIds: z.array(z.string().uuid()),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
  })
  .openapi('PendingInvitation');

const MembersList = z.object({ members: z.array(Member), invitations: z.array(PendingInvitation) }).openapi('MembersList');

const premiseParams = z.object({ premiseId: PremiseIdParam });
const memberParams = z.object({ premiseId: PremiseIdParam, memberId: MemberIdParam });
const invitationParams = z.object({ premiseId: PremiseIdParam, invitationId: InvitationIdParam });

export const listMembersRoute = createRoute({
  method: 'get',
  path: '/premises/{premiseId}/members',
  tags: ['members'],
  summary: 'Household users of a premise and the invitations still pending (owner or proxy)',
  security: [{ bearer: [] }],
  request: { params: premiseParams },
  responses: {
    200: { description: 'Members and pending invitations', content: { 'application/json': { schema: MembersList } } },
    ...errorResponses(401, 403, 404),
  },
});

export const inviteMemberRoute = createRoute({
  method: 'post',
  path: '/premises/{premiseId}/members',
  tags: ['members'],
  summary: 'Invite a person by email with rights on this premise (and optionally more of yours)',
  description:
    'Sends a single-use link, valid for the tenant\'s `settings.invitationDays` (default 7). Inviting again replaces the ' +
    'earlier pending invitation of the same email on the same premise. 409 `already_has_access` when the person already ' +
    'reaches one of the premises; 429 `rate_limited` after 20 invitations a day.',
  security: [{ bearer: [] }],
  request: {
    params: premiseParams,
    ...jsonBody(
      z.strictObject({
        email: Email,
        rights: Rights,
        /** Further premises of the inviter to cover with the same invitation. */
        premiseIds: z.array(Id).max(50).optional(),
        /** The email's language when the invitee has no account yet (default: the inviter's). */
        language: Language.optional(),
      }),
    ),
  },
  responses: {
    201: { description: 'Invitation sent', content: { 'application/json': { schema: PendingInvitation } } },
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const changeMemberRoute = createRoute({
  method: 'patch',
  path: '/premises/{premiseId}/members/{memberId}',
  tags: ['members'],
  summary: "Change a member's rights; it takes effect on the member's next request",
  security: [{ bearer: [] }],
  request: { params: memberParams, ...jsonBody(z.strictObject({ rights: Rights })) },
  responses: {
    200: { description: 'The member with its new rights', content: { 'application/json': { schema: Member } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/premises/{premiseId}/members/{memberId}',
  tags: ['members'],
  summary: "Remove a member's access to this premise (its account stays)",
  security: [{ bearer: [] }],
  request: { params: memberParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
});

export const revokeInvitationRoute = createRoute({
  method: 'delete',
  path: '/premises/{premiseId}/invitations/{invitationId}',
  tags: ['members'],
  summary: 'Withdraw a pending invitation from this premise',
  security: [{ bearer: [] }],
  request: { params: invitationParams },
  responses: { 204: { description: 'Withdrawn' }, ...errorResponses(401, 403, 404) },
});

/** A token from an invitation link: 43 base64url characters; anything else is simply not found. */
const InvitationToken = z.string().min(1).max(200);

export const InvitationDetails = z
  .object({
    email: z.string(),
    inviterName: z.string(),
    premises: z.array(z.object({ id: z.string().uuid(), label: z.string() })),
    rights: z.array(RightSchema),
    expiresAt: z.string().datetime(),
    /** True when an account with this email exists: accepting links it and needs no password. */
    accountExists: z.boolean(),
  })
  .openapi('InvitationDetails');

const invitationErrors = {
  ...errorResponses(400, 404, 409, 422),
};

export const lookupInvitationRoute = createRoute({
  method: 'post',
  path: '/invitations/lookup',
  tags: ['invitations'],
  summary: 'What an invitation link offers (the token travels in the body, never in a URL)',
  description: '404 `invitation_not_found` (unknown, withdrawn, or another manager\'s link), 409 `invitation_used`, 422 `invitation_expired`.',
  request: jsonBody(z.strictObject({ token: InvitationToken })),
  responses: {
    200: { description: 'The invitation', content: { 'application/json': { schema: InvitationDetails } } },
    ...invitationErrors,
  },
});

export const acceptInvitationRoute = createRoute({
  method: 'post',
  path: '/invitations/accept',
  tags: ['invitations'],
  summary: 'Accept an invitation: create the account (with a password) or link an existing one',
  description:
    'Without an account the password is required and must meet the password rules (422 `password_rejected` with ' +
    '`fields.password` = rule codes). An existing account is linked; its password is not touched and not needed. ' +
    'Errors as for lookup, plus 422 `invitation_withdrawn` when the inviter no longer manages any of the premises. ' +
    "A manager's account invitation (POST /admin/users) sets the password of the account the manager opened and grants nothing itself.",
  request: jsonBody(
    z.strictObject({
      token: InvitationToken,
      password: z.string().min(1).max(1024).optional(),
      name: z.string().trim().max(200).optional(),
    }),
  ),
  responses: {
    200: {
      description: 'Accepted',
      content: {
        'application/json': {
          schema: z
            .object({
              outcome: z.enum(['created', 'linked']),
              email: z.string(),
              premises: z.array(z.object({ id: z.string().uuid(), label: z.string() })),
            })
            .openapi('InvitationAccepted'),
        },
      },
    },
    ...invitationErrors,
  },
});
