/**
 * @module
 * The handlers of the staff account routes (see staff.routes.ts).
 */
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { openStaffAccount, prepareStaffAccount, staffView } from '../../staff/staff-accounts.ts';
import { disableStaff, findStaff, listStaff } from '../../staff/staff.repository.ts';
import { revokeStaffSessionsOf } from '../../staff/staff-sessions.ts';
import { withAdmin } from '../admin-caller.ts';
import { createStaffRoute, disableStaffRoute, listStaffRoute } from './staff.routes.ts';

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
    await withAdmin(deps, c, async ({ trx, now, audit }) => {
      if (!isUuid(staffId) || !(await findStaff(trx, staffId))) throw notFound();
      if (await disableStaff(trx, staffId, now)) await audit('admin.staff.disabled', { type: 'staff', id: staffId });
      await revokeStaffSessionsOf(trx, staffId, now);
    });
    return c.body(null, 204);
  });

  return router;
}
