/**
 * @module
 * The handlers of the staff account routes (see staff.routes.ts).
 */
import type { AppDeps } from '../../deps.ts';
import { conflict, notFound } from '../../errors.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { generateTemporaryPassword } from '../people/temporary-password.ts';
import { mayChangeStaff, type AdminCaller, type StaffChange } from '../../rights/admin-rights.ts';
import type { Tx } from '../../db/database.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { openStaffAccount, prepareStaffAccount, staffView } from '../../staff/staff-accounts.ts';
import { disableStaff, findStaff, listStaff, lockActiveAdmins, resetStaffTotp, setStaffPassword, setStaffRole } from '../../staff/staff.repository.ts';
import { revokeStaffSessionsOf } from '../../staff/staff-sessions.ts';
import { withAdmin } from '../admin-caller.ts';
import { createStaffRoute, disableStaffRoute, listStaffRoute, resetStaffPasswordRoute, resetStaffTotpRoute, updateStaffRoute } from './staff.routes.ts';

const ownAccount = () => conflict('own_staff_account', 'Your own account is changed by another admin (or, for the password, in your own settings).');

export const lastAdmin = () =>
  conflict('last_admin', 'This is the last active admin of the manager: make another account admin first.', { staffId: 'last_admin' });

/**
 * The account `staffId` of this tenant, if `caller` may make `change` to it (admin-rights.ts).
 * A change that takes away an admin (`demote`: the role becomes staff; `disable`) locks the
 * tenant's active admins first and is refused when the account is the last of them — whoever
 * asks, a key, another admin or the admin themselves — so a manager can never be left without
 * anyone who can manage keys, settings and staff.
 */
async function staffToChange(trx: Tx, caller: AdminCaller, staffId: string, change: StaffChange, takesAdmin = false) {
  if (!isUuid(staffId)) throw notFound();
  const admins = takesAdmin ? await lockActiveAdmins(trx) : [];
  const staff = await findStaff(trx, staffId);
  if (!staff) throw notFound();
  if (takesAdmin && admins.length === 1 && admins[0] === staffId) throw lastAdmin();
  if (!mayChangeStaff(caller, staffId, change)) throw ownAccount();
  return staff;
}

export function adminStaffRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listStaffRoute, async (c) => {
    const staff = await withAdmin(deps, c, async ({ trx }) => (await listStaff(trx)).map(staffView));
    return c.json({ staff }, 200);
  });

  router.openapi(createStaffRoute, async (c) => {
    const prepared = await prepareStaffAccount(c.req.valid('json'));
    const created = await withAdmin(deps, c, async ({ trx, tenant, now, audit }) => {
      const result = await openStaffAccount(trx, tenant, prepared, now);
      await audit('admin.staff.created', { type: 'staff', id: result.staff.id }, { email: result.staff.email, role: result.staff.role });
      return result;
    });
    return c.json(created, 201);
  });

  router.openapi(disableStaffRoute, async (c) => {
    const { staffId } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, now, audit, caller }) => {
      await staffToChange(trx, caller, staffId, 'disable', true);
      if (await disableStaff(trx, staffId, now)) await audit('admin.staff.disabled', { type: 'staff', id: staffId });
      await revokeStaffSessionsOf(trx, staffId, now);
    });
    return c.body(null, 204);
  });

  router.openapi(updateStaffRoute, async (c) => {
    const { staffId } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const staff = await withAdmin(deps, c, async ({ trx, now, audit, caller }) => {
      const before = await staffToChange(trx, caller, staffId, 'role', role !== 'admin');
      if (before.role === role) return before;
      const after = (await setStaffRole(trx, staffId, role, now))!;
      await audit('admin.staff.role_changed', { type: 'staff', id: staffId }, { from: before.role, to: role });
      // A session carries its role from the account on every request: nothing to end.
      return after;
    });
    return c.json({ staff: staffView(staff) }, 200);
  });

  router.openapi(resetStaffPasswordRoute, async (c) => {
    const { staffId } = c.req.valid('param');
    // The account's email is part of the password rules: find it first, hash outside the transaction.
    const target = await withAdmin(deps, c, async ({ trx, caller }) => staffToChange(trx, caller, staffId, 'password_reset'));
    const temporaryPassword = generateTemporaryPassword(target.email);
    const passwordHash = await hashPassword(temporaryPassword);
    const staff = await withAdmin(deps, c, async ({ trx, now, audit, caller }) => {
      await staffToChange(trx, caller, staffId, 'password_reset');
      await setStaffPassword(trx, staffId, passwordHash, true, now);
      await revokeStaffSessionsOf(trx, staffId, now);
      await audit('admin.staff.password_reset', { type: 'staff', id: staffId });
      return (await findStaff(trx, staffId))!;
    });
    return c.json({ staff: staffView(staff), temporaryPassword }, 200);
  });

  router.openapi(resetStaffTotpRoute, async (c) => {
    const { staffId } = c.req.valid('param');
    const staff = await withAdmin(deps, c, async ({ trx, now, audit, caller }) => {
      await staffToChange(trx, caller, staffId, 'totp_reset');
      await resetStaffTotp(trx, staffId, now);
      await revokeStaffSessionsOf(trx, staffId, now);
      await audit('admin.staff.totp_reset', { type: 'staff', id: staffId });
      return (await findStaff(trx, staffId))!;
    });
    return c.json({ staff: staffView(staff) }, 200);
  });

  return router;
}
