/**
 * @module
 * The handlers of the meter routes (see meters.routes.ts); the removal and replacement rules are
 * in meter-lifecycle.ts and registry-rules.ts.
 */
import type { AppDeps } from '../../deps.ts';
import { notFound, unprocessable, validationFailed } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { parseReadingValue } from '../../readings/reading-value.ts';
import { withAdmin, type AdminScope } from '../admin-caller.ts';
import { afterId, toPage } from '../pagination.ts';
import { removeMeter, replaceMeter, setVerificationDue } from './meter-lifecycle.ts';
import { findMeterView, insertMeter, listMeters, lockMeter, updateMeter } from './meters.repository.ts';
import { getMeterRoute, listMetersRoute, putMeterRoute, putVerificationRoute, removeMeterRoute, replaceMeterRoute } from './meters.routes.ts';
import { changedValues, DEFAULT_UNITS, meterChangeRefusal, storedQuantityText } from './registry-rules.ts';
import { findPremiseId } from './registry.repository.ts';
import { meterView } from './registry-views.ts';
import { unknownRef, upsertByRef } from './upsert-by-ref.ts';

const DEFAULT_DECIMALS = 3;

const MOVE_REFUSALS = {
  meter_premise_fixed: 'A meter stays on its premise: remove it and install a new one there.',
  meter_kind_fixed: 'A meter stays the kind it is: remove it and install a new one.',
};

async function viewOf(scope: AdminScope, ref: string) {
  const row = await findMeterView(scope.trx, scope.tenantId, ref);
  if (!row) throw notFound();
  return meterView(row);
}

export function metersRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listMetersRoute, async (c) => {
    const { limit, cursor, premiseRef } = c.req.valid('query');
    const after = afterId(cursor);
    const rows = await withAdmin(deps, c, async ({ trx, tenantId }) => {
      const premiseId = premiseRef === undefined ? undefined : await findPremiseId(trx, tenantId, premiseRef);
      if (premiseRef !== undefined && !premiseId) throw unknownRef('premiseRef', 'premise');
      return listMeters(trx, tenantId, { after, limit }, { premiseId });
    });
    return c.json(toPage(rows, limit, meterView), 200);
  });

  router.openapi(getMeterRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const item = await withAdmin(deps, c, (scope) => viewOf(scope, externalRef));
    return c.json({ item }, 200);
  });

  router.openapi(putMeterRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async (scope) => {
      const { trx, tenantId, now } = scope;
      const premiseId = await findPremiseId(trx, tenantId, body.premiseRef);
      if (!premiseId) throw unknownRef('premiseRef', 'premise');
      const existing = await lockMeter(trx, tenantId, externalRef);
      const decimals = body.decimals ?? existing?.decimals ?? DEFAULT_DECIMALS;
      let initialValue: string | undefined;
      if (body.initialValue !== undefined) {
        const parsed = parseReadingValue(body.initialValue, decimals);
        if (!parsed.ok) throw validationFailed({ initialValue: parsed.error });
        initialValue = storedQuantityText(parsed.quantity);
      }
      const result = await upsertByRef(scope, 'meter', externalRef, {
        lock: async () => existing ?? lockMeter(trx, tenantId, externalRef),
        insert: () =>
          insertMeter(trx, {
            tenantId,
            ref: externalRef,
            premiseId,
            kind: body.kind,
            serialNumber: body.serialNumber,
            location: body.location ?? '',
            unit: body.unit ?? DEFAULT_UNITS[body.kind],
            decimals,
            verificationDue: body.verificationDue ?? null,
            installedAt: body.installedAt ?? null,
            initialValue: initialValue ?? storedQuantityText(0n),
            replacesMeterId: null,
            now,
          }),
        changes: (row) => {
          const refusal = meterChangeRefusal(row, { premise_id: premiseId, kind: body.kind });
          if (refusal) throw unprocessable(refusal, MOVE_REFUSALS[refusal], { [refusal === 'meter_premise_fixed' ? 'premiseRef' : 'kind']: refusal });
          return changedValues(row, {
            serial_number: body.serialNumber,
            location: body.location,
            unit: body.unit,
            decimals: body.decimals,
            verification_due: body.verificationDue,
            installed_at: body.installedAt,
            initial_value: initialValue,
          });
        },
        update: (row, set) => updateMeter(trx, row.id, set),
      });
      return { item: await viewOf(scope, externalRef), result };
    });
    return answer.result === 'created' ? c.json(answer, 201) : c.json(answer, 200);
  });

  router.openapi(putVerificationRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const { verificationDue } = c.req.valid('json');
    const answer = await withAdmin(deps, c, async (scope) => {
      const result = await setVerificationDue(scope, externalRef, verificationDue);
      return { item: await viewOf(scope, externalRef), result };
    });
    return c.json(answer, 200);
  });

  router.openapi(removeMeterRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async (scope) => {
      const result = await removeMeter(scope, externalRef, body);
      return { item: await viewOf(scope, externalRef), result };
    });
    return c.json(answer, 200);
  });

  router.openapi(replaceMeterRoute, async (c) => {
    const { externalRef } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async (scope) => {
      const result = await replaceMeter(scope, externalRef, body);
      return { item: await viewOf(scope, body.newMeter.externalRef), replaced: await viewOf(scope, externalRef), result };
    });
    return answer.result === 'created' ? c.json(answer, 201) : c.json(answer, 200);
  });

  return router;
}
