/**
 * @module
 * The handlers of /me.
 */
import type { AppDeps } from '../deps.ts';
import { withResident } from '../auth/resident.ts';
import { createRouter } from '../http/context.ts';
import { premisesOfUser } from '../premises/premises.repository.ts';
import { allowedActions, effectiveRights } from '../rights/rights.ts';
import { readingPolicy } from '../readings/tenant-policy.ts';
import { getMeRoute } from './me.routes.ts';

export function meRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(getMeRoute, async (c) => {
    const body = await withResident(
      deps,
      c,
      async ({ trx, resident, now }) => {
        const premises = await premisesOfUser(trx, resident.userId, now);
        const u = resident.user;
        return {
          user: {
            id: u.id,
            email: u.email,
            name: u.name,
            phone: u.phone,
            language: u.language,
            mustChangePassword: u.must_change_password,
            authLevel: resident.authLevel,
          },
          premises: premises.map((p) => {
            const grant = { premiseId: p.id, role: p.role, rights: p.rights };
            return {
              id: p.id,
              label: p.label,
              accountNumber: p.account_number,
              building: { id: p.building_id, address: p.building_address, city: p.building_city },
              role: p.role,
              rights: effectiveRights(grant),
              actions: allowedActions(grant),
            };
          }),
          tenant: { timeZone: readingPolicy(c.get('tenant'), c.get('log')).timeZone },
        };
      },
      { allowPendingPasswordChange: true },
    );
    return c.json(body, 200);
  });

  return router;
}
