/**
 * @module
 * Meters by the manager's own ids, and the manager's reading a removal leaves behind. Functions
 * take the tenant's admin transaction first. A meter being changed is locked (FOR UPDATE), the
 * same lock a resident's submission takes (readings.repository.ts), so a resident's reading and
 * the manager's removal of the meter take turns and each sees the other.
 */
import type { Updateable } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { MeterKind, MetersTable } from '../../db/types.ts';
import type { Page } from './registry.repository.ts';

const meterViews = (trx: Tx, tenantId: string) =>
  trx
    .selectFrom('meters as m')
    .leftJoin('premises as p', 'p.id', 'm.premise_id')
    .leftJoin('meters as old', 'old.id', 'm.replaces_meter_id')
    .select((eb) => [
      'm.id',
      'm.external_ref',
      'p.external_ref as premise_ref',
      'm.kind',
      'm.serial_number',
      'm.location',
      'm.unit',
      'm.decimals',
      'm.verification_due',
      'm.installed_at',
      'm.removed_at',
      'm.initial_value',
      'old.external_ref as replaces_ref',
      eb
        .selectFrom('meters as successor')
        .select('successor.external_ref')
        .whereRef('successor.replaces_meter_id', '=', 'm.id')
        .orderBy('successor.created_at', 'desc')
        .limit(1)
        .as('replaced_by_ref'),
      'm.created_at',
      'm.updated_at',
    ])
    .where('m.tenant_id', '=', tenantId);

export const findMeterView = (trx: Tx, tenantId: string, ref: string) => meterViews(trx, tenantId).where('m.external_ref', '=', ref).executeTakeFirst();

export function listMeters(trx: Tx, tenantId: string, page: Page, filter: { premiseId?: string | undefined }) {
  let query = meterViews(trx, tenantId);
  if (filter.premiseId) query = query.where('m.premise_id', '=', filter.premiseId);
  if (page.after) query = query.where('m.id', '>', page.after);
  return query.orderBy('m.id').limit(page.limit + 1).execute();
}

export type MeterViewRow = Awaited<ReturnType<typeof listMeters>>[number];

const METER_COLUMNS = [
  'id',
  'premise_id',
  'kind',
  'serial_number',
  'location',
  'unit',
  'decimals',
  'verification_due',
  'installed_at',
  'removed_at',
  'initial_value',
] as const;

export const lockMeter = (trx: Tx, tenantId: string, ref: string) =>
  trx.selectFrom('meters').select(METER_COLUMNS).where('tenant_id', '=', tenantId).where('external_ref', '=', ref).forUpdate().executeTakeFirst();

export type LockedMeter = NonNullable<Awaited<ReturnType<typeof lockMeter>>>;

export interface NewMeter {
  tenantId: string;
  ref: string;
  premiseId: string;
  kind: MeterKind;
  serialNumber: string;
  location: string;
  unit: string;
  decimals: number;
  verificationDue: string | null;
  installedAt: string | null;
  initialValue: string;
  replacesMeterId: string | null;
  now: Date;
}

export const insertMeter = (trx: Tx, meter: NewMeter) =>
  trx
    .insertInto('meters')
    .values({
      tenant_id: meter.tenantId,
      external_ref: meter.ref,
      premise_id: meter.premiseId,
      kind: meter.kind,
      serial_number: meter.serialNumber,
      location: meter.location,
      unit: meter.unit,
      decimals: meter.decimals,
      verification_due: meter.verificationDue,
      installed_at: meter.installedAt,
      initial_value: meter.initialValue,
      replaces_meter_id: meter.replacesMeterId,
      created_at: meter.now,
      updated_at: meter.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'external_ref']).doNothing())
    .returning(METER_COLUMNS)
    .executeTakeFirst();

export const updateMeter = (trx: Tx, id: string, set: Updateable<MetersTable>) => trx.updateTable('meters').set(set).where('id', '=', id).execute();

/** The meter that replaced `meterId`, if one did. */
export const successorOf = (trx: Tx, tenantId: string, meterId: string) =>
  trx.selectFrom('meters').select(['id', 'external_ref']).where('tenant_id', '=', tenantId).where('replaces_meter_id', '=', meterId).executeTakeFirst();

/** Whether any meter of the tenant has this ref (the one being replaced included). */
export const meterRefTaken = (trx: Tx, tenantId: string, ref: string) =>
  trx.selectFrom('meters').select('id').where('tenant_id', '=', tenantId).where('external_ref', '=', ref).executeTakeFirst().then(Boolean);

/**
 * Around the period a last reading is for: the current reading of the latest earlier period
 * (the one it may not be below), the period's own current reading and highest version, and the
 * latest period holding a current reading at all.
 */
export async function readingsAround(trx: Tx, tenantId: string, meterId: string, period: string) {
  const current = trx.selectFrom('readings').where('tenant_id', '=', tenantId).where('meter_id', '=', meterId);
  // One after the other: they share the transaction's one connection anyway.
  const previous = await current.select(['period', 'value']).where('is_current', '=', true).where('period', '<', period).orderBy('period', 'desc').limit(1).executeTakeFirst();
  const own = await current.select(['value', 'source']).where('is_current', '=', true).where('period', '=', period).executeTakeFirst();
  const lastVersion = await current.select((eb) => eb.fn.max('version').as('version')).where('period', '=', period).executeTakeFirst();
  const latest = await current.select((eb) => eb.fn.max('period').as('period')).where('is_current', '=', true).executeTakeFirst();
  return { previous, own, lastVersion: Number(lastVersion?.version ?? 0), latestPeriod: (latest?.period as string | null | undefined) ?? null };
}

/** Stores the manager's reading as the period's new current version, retiring the one it replaces. */
export async function insertManagerReading(trx: Tx, reading: { tenantId: string; meterId: string; period: string; value: string; version: number; at: Date }) {
  await trx
    .updateTable('readings')
    .set({ is_current: false })
    .where('tenant_id', '=', reading.tenantId)
    .where('meter_id', '=', reading.meterId)
    .where('period', '=', reading.period)
    .where('is_current', '=', true)
    .execute();
  await trx
    .insertInto('readings')
    .values({
      tenant_id: reading.tenantId,
      meter_id: reading.meterId,
      period: reading.period,
      value: reading.value,
      version: reading.version,
      is_current: true,
      source: 'manager',
      submitted_by: null,
      submitted_at: reading.at,
    })
    .execute();
}
