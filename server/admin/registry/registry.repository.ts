/**
 * @module
 * Buildings, customers and premises in the database, by the manager's own ids. Functions take the
 * tenant's admin transaction first; row-level security scopes them to the tenant, and the
 * tenant_id filters let Postgres use the (tenant_id, external_ref) unique indexes.
 *
 * An upsert locks the row it is about to compare (FOR UPDATE), so two PUTs of one ref take turns;
 * a create uses ON CONFLICT DO NOTHING on the ref, and the caller reads again when it lost a race
 * to create the same ref.
 */
import type { StoredPersonalCode } from '../../personal-codes/personal-code-key.ts';
import type { Updateable } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { BuildingsTable, CustomersTable, PremisesTable } from '../../db/types.ts';

export interface Page {
  after: string | undefined;
  limit: number;
}

// --- buildings ---------------------------------------------------------------------------------

const BUILDING_COLUMNS = ['id', 'external_ref', 'address', 'city', 'created_at', 'updated_at'] as const;

/** The building with this ref; `lock`ed until the transaction ends when it is about to change. */
export const findBuilding = (trx: Tx, tenantId: string, ref: string, lock = false) =>
  trx
    .selectFrom('buildings')
    .select(BUILDING_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('external_ref', '=', ref)
    .$if(lock, (query) => query.forUpdate())
    .executeTakeFirst();

export const findBuildingId = (trx: Tx, tenantId: string, ref: string) =>
  trx.selectFrom('buildings').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', ref).executeTakeFirst().then((row) => row?.id);

export const insertBuilding = (trx: Tx, values: { tenantId: string; ref: string; address: string; city: string | null; now: Date }) =>
  trx
    .insertInto('buildings')
    .values({ tenant_id: values.tenantId, external_ref: values.ref, address: values.address, city: values.city, created_at: values.now, updated_at: values.now })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doNothing())
    .returning(BUILDING_COLUMNS)
    .executeTakeFirst();

export const updateBuilding = (trx: Tx, id: string, set: Updateable<BuildingsTable>) =>
  trx.updateTable('buildings').set(set).where('id', '=', id).returning(BUILDING_COLUMNS).executeTakeFirstOrThrow();

export function listBuildings(trx: Tx, tenantId: string, page: Page) {
  let query = trx.selectFrom('buildings').select(BUILDING_COLUMNS).where('tenant_id', '=', tenantId);
  if (page.after) query = query.where('id', '>', page.after);
  return query.orderBy('id').limit(page.limit + 1).execute();
}

export type BuildingRow = Awaited<ReturnType<typeof listBuildings>>[number];

// --- customers ---------------------------------------------------------------------------------

const CUSTOMER_COLUMNS = ['id', 'external_ref', 'name', 'personal_code_hash', 'personal_code_hint', 'email', 'phone', 'created_at', 'updated_at'] as const;

/** The customer with this ref; `lock`ed until the transaction ends when it is about to change. */
export const findCustomer = (trx: Tx, tenantId: string, ref: string, lock = false) =>
  trx
    .selectFrom('customers')
    .select(CUSTOMER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('external_ref', '=', ref)
    .$if(lock, (query) => query.forUpdate())
    .executeTakeFirst();

export const findCustomerId = (trx: Tx, tenantId: string, ref: string) =>
  trx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', ref).executeTakeFirst().then((row) => row?.id);

export const insertCustomer = (
  trx: Tx,
  values: { tenantId: string; ref: string; name: string; personalCode: StoredPersonalCode | null; email: string | null; phone: string | null; now: Date },
) =>
  trx
    .insertInto('customers')
    .values({
      tenant_id: values.tenantId,
      external_ref: values.ref,
      name: values.name,
      personal_code_hash: values.personalCode?.hash ?? null,
      personal_code_hint: values.personalCode?.hint ?? null,
      email: values.email,
      phone: values.phone,
      created_at: values.now,
      updated_at: values.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doNothing())
    .returning(CUSTOMER_COLUMNS)
    .executeTakeFirst();

export const updateCustomer = (trx: Tx, id: string, set: Updateable<CustomersTable>) =>
  trx.updateTable('customers').set(set).where('id', '=', id).returning(CUSTOMER_COLUMNS).executeTakeFirstOrThrow();

export function listCustomers(trx: Tx, tenantId: string, page: Page) {
  let query = trx.selectFrom('customers').select(CUSTOMER_COLUMNS).where('tenant_id', '=', tenantId);
  if (page.after) query = query.where('id', '>', page.after);
  return query.orderBy('id').limit(page.limit + 1).execute();
}

export type CustomerRow = Awaited<ReturnType<typeof listCustomers>>[number];

// --- premises ----------------------------------------------------------------------------------

const premiseViews = (trx: Tx, tenantId: string) =>
  trx
    .selectFrom('premises as p')
    .leftJoin('buildings as b', 'b.id', 'p.building_id')
    .leftJoin('customers as c', 'c.id', 'p.customer_id')
    .select([
      'p.id',
      'p.external_ref',
      'b.external_ref as building_ref',
      'c.external_ref as customer_ref',
      'p.label',
      'p.account_number',
      'p.area_m2',
      'p.created_at',
      'p.updated_at',
    ])
    .where('p.tenant_id', '=', tenantId);

export const findPremiseView = (trx: Tx, tenantId: string, ref: string) => premiseViews(trx, tenantId).where('p.external_ref', '=', ref).executeTakeFirst();

export function listPremises(trx: Tx, tenantId: string, page: Page, filter: { buildingId?: string | undefined }) {
  let query = premiseViews(trx, tenantId);
  if (filter.buildingId) query = query.where('p.building_id', '=', filter.buildingId);
  if (page.after) query = query.where('p.id', '>', page.after);
  return query.orderBy('p.id').limit(page.limit + 1).execute();
}

export type PremiseViewRow = Awaited<ReturnType<typeof listPremises>>[number];

const PREMISE_COLUMNS = ['id', 'building_id', 'customer_id', 'label', 'account_number', 'area_m2'] as const;

export const lockPremise = (trx: Tx, tenantId: string, ref: string) =>
  trx.selectFrom('premises').select(PREMISE_COLUMNS).where('tenant_id', '=', tenantId).where('external_ref', '=', ref).forUpdate().executeTakeFirst();

export const findPremiseId = (trx: Tx, tenantId: string, ref: string) =>
  trx.selectFrom('premises').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', ref).executeTakeFirst().then((row) => row?.id);

/** Another premise of the tenant that has this account number already, if any. */
export const premiseWithAccount = (trx: Tx, tenantId: string, accountNumber: string) =>
  trx.selectFrom('premises').select(['id', 'external_ref']).where('tenant_id', '=', tenantId).where('account_number', '=', accountNumber).executeTakeFirst();

export const insertPremise = (
  trx: Tx,
  values: { tenantId: string; ref: string; buildingId: string; customerId: string | null; label: string; accountNumber: string; areaM2: string | null; now: Date },
) =>
  trx
    .insertInto('premises')
    .values({
      tenant_id: values.tenantId,
      external_ref: values.ref,
      building_id: values.buildingId,
      customer_id: values.customerId,
      label: values.label,
      account_number: values.accountNumber,
      area_m2: values.areaM2,
      created_at: values.now,
      updated_at: values.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doNothing())
    .returning(PREMISE_COLUMNS)
    .executeTakeFirst();

export const updatePremise = (trx: Tx, id: string, set: Updateable<PremisesTable>) => trx.updateTable('premises').set(set).where('id', '=', id).execute();
