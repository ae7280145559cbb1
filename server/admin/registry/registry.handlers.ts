/**
 * @module
 * The handlers of the building, customer and premise routes (see registry.routes.ts). Each PUT
 * resolves the refs its body names, then runs upsertByRef; each answer is read back through the
 * same view the GET uses, so a PUT answers exactly what a later GET shows.
 */
import type { AppDeps } from '../../deps.ts';
import { conflict, notFound } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { withAdmin } from '../admin-caller.ts';
import { afterId, toPage } from '../pagination.ts';
import { areaText, changedValues } from './registry-rules.ts';
import { storedPersonalCode } from '../../personal-codes/personal-code-key.ts';
import { buildingView, customerView, premiseView } from './registry-views.ts';
import {
  findBuilding,
  findBuildingId,
  findCustomer,
  findCustomerId,
  findPremiseView,
  insertBuilding,
  insertCustomer,
  insertPremise,
  listBuildings,
  listCustomers,
  listPremises,
  lockPremise,
  premiseWithAccount,
  updateBuilding,
  updateCustomer,
  updatePremise,
} from './registry.repository.ts';
import {
  getBuildingRoute,
  getCustomerRoute,
  getPremiseRoute,
  listBuildingsRoute,
  listCustomersRoute,
  listPremisesRoute,
  putBuildingRoute,
  putCustomerRoute,
  putPremiseRoute,
} from './registry.routes.ts';
import { refusingDuplicates, unknownRef, upsertByRef } from './upsert-by-ref.ts';

/** undefined (not sent) stays undefined; '' and null both clear. */
const cleared = (value: string | null | undefined) => (value === undefined ? undefined : value || null);

export function registryRouter(deps: AppDeps) {
  const router = createRouter();

  // --- buildings -------------------------------------------------------------------------------

  router.openapi(listBuildingsRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const after = afterId(cursor);
    const rows = await withAdmin(deps, c, ({ trx, tenantId }) => listBuildings(trx, tenantId, { after, limit }));
    return c.json(toPage(rows, limit, buildingView), 200);
  });

  router.openapi(getBuildingRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const row = await withAdmin(deps, c, ({ trx, tenantId }) => findBuilding(trx, tenantId, externalRef));
    if (!row) throw notFound();
    return c.json({ item: buildingView(row) }, 200);
  });

  router.openapi(putBuildingRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async (scope) => {
      const { trx, tenantId, now } = scope;
      const city = cleared(body.city);
      const result = await upsertByRef(scope, 'building', externalRef, {
        lock: () => findBuilding(trx, tenantId, externalRef, true),
        insert: () => insertBuilding(trx, { tenantId, ref: externalRef, address: body.address, city: city ?? null, now }),
        changes: (row) => changedValues(row, { address: body.address, city }),
        update: (row, set) => updateBuilding(trx, row.id, set),
      });
      return { item: buildingView((await findBuilding(trx, tenantId, externalRef))!), result };
    });
    return answer.result === 'created' ? c.json(answer, 201) : c.json(answer, 200);
  });

  // --- customers -------------------------------------------------------------------------------

  router.openapi(listCustomersRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const after = afterId(cursor);
    const rows = await withAdmin(deps, c, ({ trx, tenantId }) => listCustomers(trx, tenantId, { after, limit }));
    return c.json(toPage(rows, limit, customerView), 200);
  });

  router.openapi(getCustomerRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const row = await withAdmin(deps, c, ({ trx, tenantId }) => findCustomer(trx, tenantId, externalRef));
    if (!row) throw notFound();
    return c.json({ item: customerView(row) }, 200);
  });

  router.openapi(putCustomerRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async (scope) => {
      const { trx, tenantId, now } = scope;
      const code = cleared(body.personalCode);
      const stored = code ? storedPersonalCode(deps.personalCodeKey, code)! : (code as null | undefined);
      const fields = {
        name: body.name,
        personal_code_hash: stored === undefined ? undefined : (stored?.hash ?? null),
        personal_code_hint: stored === undefined ? undefined : (stored?.hint ?? null),
        email: cleared(body.email),
        phone: cleared(body.phone),
      };
      const result = await upsertByRef(scope, 'customer', externalRef, {
        lock: () => findCustomer(trx, tenantId, externalRef, true),
        insert: () =>
          insertCustomer(trx, { tenantId, ref: externalRef, name: body.name, personalCode: stored ?? null, email: fields.email ?? null, phone: fields.phone ?? null, now }),
        changes: (row) => changedValues(row, fields),
        update: (row, set) => updateCustomer(trx, row.id, set),
      });
      return { item: customerView((await findCustomer(trx, tenantId, externalRef))!), result };
    });
    return answer.result === 'created' ? c.json(answer, 201) : c.json(answer, 200);
  });

  // --- premises --------------------------------------------------------------------------------

  router.openapi(listPremisesRoute, async (c) => {
    const { limit, cursor, buildingRef } = c.req.valid('query');
    const after = afterId(cursor);
    const rows = await withAdmin(deps, c, async ({ trx, tenantId }) => {
      const buildingId = buildingRef === undefined ? undefined : await findBuildingId(trx, tenantId, buildingRef);
      if (buildingRef !== undefined && !buildingId) throw unknownRef('buildingRef', 'building');
      return listPremises(trx, tenantId, { after, limit }, { buildingId });
    });
    return c.json(toPage(rows, limit, premiseView), 200);
  });

  router.openapi(getPremiseRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const row = await withAdmin(deps, c, ({ trx, tenantId }) => findPremiseView(trx, tenantId, externalRef));
    if (!row) throw notFound();
    return c.json({ item: premiseView(row) }, 200);
  });

  router.openapi(putPremiseRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await refusingDuplicates(() =>
      withAdmin(deps, c, async (scope) => {
        const { trx, tenantId, now } = scope;
        const buildingId = await findBuildingId(trx, tenantId, body.buildingRef);
        if (!buildingId) throw unknownRef('buildingRef', 'building');
        let customerId: string | null | undefined = body.customerRef === undefined ? undefined : null;
        if (body.customerRef) {
          customerId = await findCustomerId(trx, tenantId, body.customerRef);
          if (!customerId) throw unknownRef('customerRef', 'customer');
        }
        const area = body.areaM2 === undefined ? undefined : body.areaM2 === null ? null : areaText(body.areaM2);
        const holder = await premiseWithAccount(trx, tenantId, body.accountNumber);
        const refuseAccount = (premiseId: string | undefined) => {
          if (holder && holder.id !== premiseId) {
            throw conflict('account_number_taken', 'Another premise has this account number.', { accountNumber: 'taken', premiseRef: holder.external_ref });
          }
        };
        const result = await upsertByRef(scope, 'premise', externalRef, {
          lock: () => lockPremise(trx, tenantId, externalRef),
          insert: () => {
            refuseAccount(undefined);
            return insertPremise(trx, { tenantId, ref: externalRef, buildingId, customerId: customerId ?? null, label: body.label, accountNumber: body.accountNumber, areaM2: area ?? null, now });
          },
          changes: (row) => {
            refuseAccount(row.id);
            return changedValues(row, { building_id: buildingId, customer_id: customerId, label: body.label, account_number: body.accountNumber, area_m2: area });
          },
          update: (row, set) => updatePremise(trx, row.id, set),
        });
        return { item: premiseView((await findPremiseView(trx, tenantId, externalRef))!), result };
      }),
    );
    return answer.result === 'created' ? c.json(answer, 201) : c.json(answer, 200);
  });

  return router;
}
