/**
 * @module
 * The handlers of the reading-window routes (contracts in reading-windows.routes.ts; the rules a
 * moved window must keep in window-override-rules.ts).
 */
import type { AppDeps } from '../../deps.ts';
import { ApiError, unprocessable } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { localDate } from '../../readings/civil-time.ts';
import { readingPolicy, type ReadingPolicy } from '../../readings/tenant-policy.ts';
import { formatPeriod, overridesFor, windowOfPeriod, type PeriodWindow, type ScopedWindowOverride } from '../../readings/window.ts';
import { withAdmin } from '../admin-caller.ts';
import { deleteOverride, findBuildingByRef, lockTenantWindows, overridesOfPeriods, saveOverride, type BuildingRef, type OverrideRow } from './reading-windows.repository.ts';
import { deleteReadingWindowRoute, listReadingWindowsRoute, putReadingWindowRoute } from './reading-windows.routes.ts';
import { neighbourPeriods, refuseOverride } from './window-override-rules.ts';

export const buildingNotFound = () => new ApiError(404, 'not_found', 'No building has this externalRef.', { building: 'not_found' });

/** The building a `building` ref names (404 when none), or null for the whole tenant. */
export async function buildingOf(trx: Parameters<typeof findBuildingByRef>[0], tenantId: string, ref: string | undefined): Promise<BuildingRef | null> {
  if (ref === undefined) return null;
  const building = await findBuildingByRef(trx, tenantId, ref);
  if (!building) throw buildingNotFound();
  return building;
}

function windowView(window: PeriodWindow, building: string | null, note: string | null) {
  return {
    period: window.period,
    opensAt: window.opensAt.toISOString(),
    closesAt: window.closesAt.toISOString(),
    firstDay: window.firstDay,
    lastDay: window.lastDay,
    source: window.source,
    building,
    note,
  };
}

/**
 * The windows of the neighbouring periods for every set of premises a change of `period` reaches:
 * one building's, or for a tenant-wide change the tenant's and those of every building that has
 * overrides of its own nearby but none for `period` (its premises get the tenant's window).
 */
function neighbourWindows(policy: ReadingPolicy, period: string, building: BuildingRef | null, after: readonly OverrideRow[]) {
  const scopes = building
    ? [{ id: building.id, ref: building.externalRef }]
    : [
        { id: null, ref: null },
        ...[...new Map(after.filter((o) => o.buildingId !== null).map((o) => [o.buildingId, { id: o.buildingId, ref: o.buildingRef }])).values()].filter(
          (scope) => !after.some((o) => o.period === period && o.buildingId === scope.id),
        ),
      ];
  return scopes.flatMap((scope) =>
    neighbourPeriods(period).map((other) => ({
      ...windowOfPeriod(policy.rule, other, policy.timeZone, overridesFor(scope.id, after)),
      building: scope.ref,
    })),
  );
}

export function readingWindowsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(putReadingWindowRoute, async (c) => {
    const { period } = c.req.valid('param');
    const body = c.req.valid('json');
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const answer = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      await lockTenantWindows(trx, tenantId);
      const building = await buildingOf(trx, tenantId, body.building);
      const buildingId = building?.id ?? null;
      const rows = await overridesOfPeriods(trx, tenantId, [period, ...neighbourPeriods(period)]);
      const existing = rows.find((o) => o.period === period && o.buildingId === buildingId);
      const inForce = windowOfPeriod(policy.rule, period, policy.timeZone, overridesFor(buildingId, rows));
      const opensAt = body.opensAt === undefined ? inForce.opensAt : new Date(body.opensAt);
      const closesAt = new Date(body.closesAt);
      const note = body.note === undefined ? (existing?.note ?? null) : body.note || null;
      const proposed: OverrideRow = { id: existing?.id ?? '', period, opensAt, closesAt, note, buildingId, buildingRef: building?.externalRef ?? null };
      const after = [...rows.filter((o) => o !== existing), proposed];

      const refusal = refuseOverride(proposed, {
        currentPeriod: formatPeriod(localDate(now, policy.timeZone)),
        timeZone: policy.timeZone,
        neighbours: neighbourWindows(policy, period, building, after),
      });
      if (refusal) throw unprocessable(refusal.code, refusal.message, refusal.fields);

      const view = windowView(windowOfPeriod(policy.rule, period, policy.timeZone, [proposed]), proposed.buildingRef, note);
      if (existing && sameWindow(existing, proposed)) return { status: 200 as const, body: { window: view, result: 'unchanged' as const } };
      const id = await saveOverride(trx, { tenantId, period, buildingId, opensAt, closesAt, note });
      const details = { period, building: proposed.buildingRef, opensAt: view.opensAt, closesAt: view.closesAt, note, ...(existing ? { before: overrideDetails(existing) } : {}) };
      await audit(existing ? 'admin.reading_window.updated' : 'admin.reading_window.created', { type: 'reading_window_override', id }, details);
      return existing
        ? { status: 200 as const, body: { window: view, result: 'updated' as const } }
        : { status: 201 as const, body: { window: view, result: 'created' as const } };
    });
    return answer.status === 201 ? c.json(answer.body, 201) : c.json(answer.body, 200);
  });

  router.openapi(listReadingWindowsRoute, async (c) => {
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const body = await withAdmin(deps, c, async ({ trx, tenantId, now }) => {
      const period = c.req.valid('query').period ?? formatPeriod(localDate(now, policy.timeZone));
      const rows = await overridesOfPeriods(trx, tenantId, [period]);
      const tenantRow = rows.find((o) => o.buildingId === null);
      return {
        period,
        tenant: windowView(windowOfPeriod(policy.rule, period, policy.timeZone, overridesFor(null, rows)), null, tenantRow?.note ?? null),
        buildings: rows
          .filter((o) => o.buildingId !== null)
          .map((o) => windowView(windowOfPeriod(policy.rule, period, policy.timeZone, [o]), o.buildingRef, o.note)),
      };
    });
    return c.json(body, 200);
  });

  router.openapi(deleteReadingWindowRoute, async (c) => {
    const { period } = c.req.valid('param');
    const { building: ref } = c.req.valid('query');
    await withAdmin(deps, c, async ({ trx, tenantId, audit }) => {
      await lockTenantWindows(trx, tenantId);
      const building = await buildingOf(trx, tenantId, ref);
      const id = await deleteOverride(trx, tenantId, period, building?.id ?? null);
      if (!id) throw new ApiError(404, 'not_found', 'This period has no moved window here.');
      await audit('admin.reading_window.deleted', { type: 'reading_window_override', id }, { period, building: building?.externalRef ?? null });
    });
    return c.body(null, 204);
  });

  return router;
}

const sameWindow = (a: ScopedWindowOverride & { note: string | null }, b: ScopedWindowOverride & { note: string | null }) =>
  a.opensAt.getTime() === b.opensAt.getTime() && a.closesAt.getTime() === b.closesAt.getTime() && a.note === b.note;

const overrideDetails = (o: OverrideRow) => ({ opensAt: o.opensAt.toISOString(), closesAt: o.closesAt.toISOString(), note: o.note });
