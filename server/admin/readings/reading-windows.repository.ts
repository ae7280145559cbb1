/**
 * @module
 * Reading windows moved by the manager (`reading_window_overrides`): one row per period for the
 * whole tenant (building_id null) and at most one per period and building, each kept unique by its
 * partial index (migration 0003). Plain functions taking the tenant's transaction first.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { ScopedWindowOverride } from '../../readings/window.ts';

export interface OverrideRow extends ScopedWindowOverride {
  id: string;
  note: string | null;
  buildingRef: string | null;
}

export interface BuildingRef {
  id: string;
  externalRef: string | null;
}

export async function findBuildingByRef(trx: Tx, tenantId: string, externalRef: string): Promise<BuildingRef | undefined> {
  const row = await trx
    .selectFrom('buildings')
    .select(['id', 'external_ref'])
    .where('tenant_id', '=', tenantId)
    .where('external_ref', '=', externalRef)
    .executeTakeFirst();
  return row && { id: row.id, externalRef: row.external_ref };
}

/**
 * Changes to one tenant's windows take turns: whether a new window overlaps another is decided on
 * what the others are, so two changes must not decide at once.
 */
export async function lockTenantWindows(trx: Tx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`doorstep.reading_windows:${tenantId}`}, 0))`.execute(trx);
}

/** Every override (tenant's and buildings') of the periods, buildings' refs with them. */
export async function overridesOfPeriods(trx: Tx, tenantId: string, periods: readonly string[]): Promise<OverrideRow[]> {
  const rows = await trx
    .selectFrom('reading_window_overrides as o')
    .leftJoin('buildings as b', 'b.id', 'o.building_id')
    .select(['o.id', 'o.period', 'o.opens_at', 'o.closes_at', 'o.note', 'o.building_id', 'b.external_ref as building_ref'])
    .where('o.tenant_id', '=', tenantId)
    .where('o.period', 'in', periods)
    .orderBy('o.period')
    .orderBy('b.external_ref')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    period: row.period,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    note: row.note,
    buildingId: row.building_id,
    buildingRef: row.building_ref,
  }));
}

/** Creates or replaces the override of the period for the tenant or one building. */
export async function saveOverride(
  trx: Tx,
  values: { tenantId: string; period: string; buildingId: string | null; opensAt: Date; closesAt: Date; note: string | null },
): Promise<string> {
  const row = { tenant_id: values.tenantId, period: values.period, building_id: values.buildingId, opens_at: values.opensAt, closes_at: values.closesAt, note: values.note };
  const changes = { opens_at: values.opensAt, closes_at: values.closesAt, note: values.note };
  const saved = await trx
    .insertInto('reading_window_overrides')
    .values(row)
    .onConflict((oc) =>
      values.buildingId === null
        ? oc.columns(['tenant_id', 'period']).where('building_id', 'is', null).doUpdateSet(changes)
        : oc.columns(['tenant_id', 'building_id', 'period']).where('building_id', 'is not', null).doUpdateSet(changes),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return saved.id;
}

/** Removes the override; its id, or undefined when there was none. */
export async function deleteOverride(trx: Tx, tenantId: string, period: string, buildingId: string | null): Promise<string | undefined> {
  const row = await trx
    .deleteFrom('reading_window_overrides')
    .where('tenant_id', '=', tenantId)
    .where('period', '=', period)
    .where('building_id', buildingId === null ? 'is' : '=', buildingId)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}
