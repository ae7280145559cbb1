/**
 * @module
 * Buildings and premises looked up by the manager's own ids (`externalRef`), for the admin routes
 * that address them (invoices of a premise, notices to buildings or premises, a building's
 * documents). Row-level security keeps the lookup inside the tenant: another tenant's ref finds
 * nothing, and the routes answer 404 for it as for a ref that does not exist.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

export interface PremiseRef {
  id: string;
  buildingId: string;
  externalRef: string | null;
  label: string;
}

export interface BuildingRef {
  id: string;
  externalRef: string | null;
  address: string;
}

export async function premisesByRefs(trx: Tx, refs: readonly string[]): Promise<Map<string, PremiseRef>> {
  if (refs.length === 0) return new Map();
  const rows = await trx.selectFrom('premises').select(['id', 'building_id', 'external_ref', 'label']).where('external_ref', 'in', [...new Set(refs)]).execute();
  return new Map(rows.map((r) => [r.external_ref!, { id: r.id, buildingId: r.building_id, externalRef: r.external_ref, label: r.label }]));
}

export async function buildingsByRefs(trx: Tx, refs: readonly string[]): Promise<Map<string, BuildingRef>> {
  if (refs.length === 0) return new Map();
  const rows = await trx.selectFrom('buildings').select(['id', 'external_ref', 'address']).where('external_ref', 'in', [...new Set(refs)]).execute();
  return new Map(rows.map((r) => [r.external_ref!, { id: r.id, externalRef: r.external_ref, address: r.address }]));
}

export async function premisesByIds(trx: Tx, ids: readonly string[]): Promise<Map<string, PremiseRef>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('premises').select(['id', 'building_id', 'external_ref', 'label']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, buildingId: r.building_id, externalRef: r.external_ref, label: r.label }]));
}

export async function buildingsByIds(trx: Tx, ids: readonly string[]): Promise<Map<string, BuildingRef>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('buildings').select(['id', 'external_ref', 'address']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, externalRef: r.external_ref, address: r.address }]));
}

/** One premise by its ref, or a 404-worthy undefined. */
export async function premiseByRef(trx: Tx, ref: string): Promise<PremiseRef | undefined> {
  return (await premisesByRefs(trx, [ref])).get(ref);
}

export async function buildingByRef(trx: Tx, ref: string): Promise<BuildingRef | undefined> {
  return (await buildingsByRefs(trx, [ref])).get(ref);
}

/**
 * Serialises the upserts of one externalRef of one kind until the transaction ends, so two
 * requests that create the same ref at once become a create and an update instead of a unique
 * violation.
 */
export async function lockExternalRef(trx: Tx, kind: string, ref: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`${kind}:${ref}`}))`.execute(trx);
}
