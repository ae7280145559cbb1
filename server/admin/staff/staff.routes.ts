/**
 * @module
 * The tenant's staff accounts, for its admins: `GET/POST /v1/{tenant}/admin/staff`,
 * `DELETE /v1/{tenant}/admin/staff/{staffId}` (disables the account and ends its sessions at once;
 * the account stays, so the audit log keeps naming who did what). Needs `staff.manage`: a staff
 * admin or a `write` key, never a staff member with role `staff`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminAction } from '../admin-caller.ts';
import { adminSecurity, errorResponses, jsonBody } from '../../http/openapi.ts';
import { CreatedStaffAccount, NewStaffAccount, StaffAccount } from '../../staff/staff-accounts.ts';

const StaffIdParam = z.object({ staffId: z.string().openapi({ param: { name: 'staffId', in: 'path' } }) });

export const listStaffRoute = createRoute({
  method: 'get',
  path: '/staff',
  tags: ['admin: staff'],
  summary: "The tenant's staff accounts",
  security: adminSecurity,
  middleware: [adminAction('staff.manage')] as const,
  responses: {
    200: { description: 'Every account, disabled ones too, by email', content: { 'application/json': { schema: z.object({ staff: z.array(StaffAccount) }) } } },
    ...errorResponses(401, 403),
  },
});

export const createStaffRoute = createRoute({
  method: 'post',
  path: '/staff',
  tags: ['admin: staff'],
  summary: 'Open a staff account (its first login sets up the authenticator app)',
  security: adminSecurity,
  middleware: [adminAction('staff.manage')] as const,
  request: jsonBody(NewStaffAccount),
  responses: {
    201: { description: 'The account, and its temporary password shown this once', content: { 'application/json': { schema: CreatedStaffAccount } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

export const disableStaffRoute = createRoute({
  method: 'delete',
  path: '/staff/{staffId}',
  tags: ['admin: staff'],
  summary: 'Disable a staff account and end its sessions',
  description: '409 `last_admin` for the last active admin of the tenant (make another account admin first); 409 `own_staff_account` for one\'s own account.',
  security: adminSecurity,
  middleware: [adminAction('staff.manage')] as const,
  request: { params: StaffIdParam },
  responses: {
    204: { description: 'Disabled (or it already was)' },
    ...errorResponses(401, 403, 404, 409),
  },
});

export const updateStaffRoute = createRoute({
  method: 'patch',
  path: '/staff/{staffId}',
  tags: ['admin: staff'],
  summary: "Change a staff account's role",
  description: '409 `last_admin` when it would demote the last active admin of the tenant; 409 `own_staff_account` for one\'s own account.',
  security: adminSecurity,
  middleware: [adminAction('staff.manage')] as const,
  request: { params: StaffIdParam, ...jsonBody(z.strictObject({ role: z.enum(['admin', 'staff']) }).openapi('StaffAccountChange')) },
  responses: {
    200: { description: 'The account as it is now', content: { 'application/json': { schema: z.object({ staff: StaffAccount }) } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const resetStaffPasswordRoute = createRoute({
  method: 'post',
  path: '/staff/{staffId}/password-reset',
  tags: ['admin: staff'],
  summary: "Give a staff member a temporary password they must change at their next login (ends their sessions)",
  security: adminSecurity,
  middleware: [adminAction('staff.manage')] as const,
  request: { params: StaffIdParam },
  responses: {
    200: {
      description: 'The temporary password, shown only here, once',
      content: { 'application/json': { schema: z.object({ staff: StaffAccount, temporaryPassword: z.string() }).openapi('StaffPasswordReset') } },
    },
    ...errorResponses(401, 403, 404, 409),
  },
});

export const resetStaffTotpRoute = createRoute({
  method: 'post',
  path: '/staff/{staffId}/totp-reset',
  tags: ['admin: staff'],
  summary: "Forget a staff member's authenticator app and recovery codes (a lost phone): the next login sets up a new one; ends their sessions",
  security: adminSecurity,
  middleware: [adminAction('staff.manage')] as const,
  request: { params: StaffIdParam },
  responses: {
    200: { description: 'The account as it is now', content: { 'application/json': { schema: z.object({ staff: StaffAccount }) } } },
    ...errorResponses(401, 403, 404, 409),
  },
});
