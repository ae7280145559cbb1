/**
 * @module
 * Meters, readings and window overrides in the database. Plain functions taking the tenant's
 * transaction first; they return rows and leave every rule to the pure modules beside them.
 * Each query also filters by tenant_id: row-level security would hide other tenants' rows anyway,
 * but the filter lets Postgres use the (tenant_id, …) indexes.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { MeterKind } from '../db/types.ts';
import type { WindowOverride } from './window.ts';

export interface MeterRow {
  id: string;
  premise_id: string;
  kind: MeterKind;
  location: string;
  serial_number: string;
  unit: string;
  decimals: number;
  verification_due: string | null;
  installed_at: string | null;
  removed_at: string | null;
  initial_value: string;
}

export interface ReadingRow {
  id: string;
  meter_id: string;
  period: string;
  value: string;
  version: number;
  source: 'resident' | 'manager' | 'import';
  submitted_by: string | null;
  submitted_at: Date;
}

const METER_COLUMNS = [
  'id',
  'premise_id',
  'kind',
  'location',
  'serial_number',
  'unit',
  'decimals',
  'verification_due',
  'installed_at',
  'removed_at',
  'initial_value',
] as const;

const READING_COLUMNS = ['id', 'meter_id', 'period', 'value', 'version', 'source', 'submitted_by', 'submitted_at'] as const;

/** The premise's meters that are still in place on `today` ('YYYY-MM-DD'), in a stable order. */
export function metersOfPremise(trx: Tx, tenantId: string, premiseId: string, today: string): Promise<MeterRow[]> {
  return trx
    .selectFrom('meters')
    .select(METER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('premise_id', '=', premiseId)
    .where((eb) => eb.or([eb('removed_at', 'is', null), eb('removed_at', '>', today)]))
    .orderBy('kind')
    .orderBy('location')
    .orderBy('serial_number')
    .execute();
}

/**
 * One meter of the premise. With `lock`, the row stays locked until the transaction ends, so
 * concurrent submissions for the same meter take turns (and see each other's result).
 */
export function findMeter(trx: Tx, tenantId: string, premiseId: string, meterId: string, lock = false): Promise<MeterRow | undefined> {
  let query = trx
    .selectFrom('meters')
    .select(METER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('premise_id', '=', premiseId)
    .where('id', '=', meterId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * For each meter, its `perMeter` latest current readings of periods up to `upToPeriod`, newest
 * first: one indexed scan per meter (readings_meter_period) instead of the meter's whole history.
 */
export async function latestReadings(trx: Tx, tenantId: string, meterIds: readonly string[], upToPeriod: string, perMeter: number): Promise<ReadingRow[]> {
  if (meterIds.length === 0) return [];
  const result = await sql<ReadingRow>`
    select r.id, r.meter_id, r.period, r.value, r.version, r.source, r.submitted_by, r.submitted_at
    from unnest(${sql.val(meterIds)}::uuid[]) as m(id)
    cross join lateral (
      select * from readings
      where tenant_id = ${tenantId} and meter_id = m.id and is_current and period <= ${upToPeriod}
      order by period desc
      limit ${perMeter}
    ) r
    order by r.meter_id, r.period desc`.execute(trx);
  return result.rows;
}

/**
 * The current reading of one meter and period (if any) and the highest version number used so far,
 * in one round trip. Only these two are needed to add a version, however many corrections exist.
 */
export async function currentVersion(
  trx: Tx,
  tenantId: string,
  meterId: string,
  period: string,
): Promise<{ current: ReadingRow | undefined; lastVersion: number }> {
  const result = await sql<ReadingRow & { last_version: number | null }>`
    select v.last_version, r.id, r.meter_id, r.period, r.value, r.version, r.source, r.submitted_by, r.submitted_at
    from (select max(version) as last_version from readings where tenant_id = ${tenantId} and meter_id = ${meterId} and period = ${period}) v
    left join readings r on r.tenant_id = ${tenantId} and r.meter_id = ${meterId} and r.period = ${period} and r.is_current`.execute(trx);
  const row = result.rows[0];
  const { last_version, ...reading } = row ?? { last_version: null };
  return { current: row?.id ? (reading as ReadingRow) : undefined, lastVersion: Number(last_version ?? 0) };
}

/** Stores a new version as the current reading of its period; the caller holds the meter's lock. */
export async function insertCurrentVersion(
  trx: Tx,
  values: {
    tenantId: string;
    meterId: string;
    period: string;
    value: string;
    version: number;
    replacesCurrent: boolean;
    submittedBy: string;
    submittedAt: Date;
  },
): Promise<ReadingRow> {
  if (values.replacesCurrent) {
    await trx
      .updateTable('readings')
      .set({ is_current: false })
      .where('tenant_id', '=', values.tenantId)
      .where('meter_id', '=', values.meterId)
      .where('period', '=', values.period)
      .where('is_current', '=', true)
      .execute();
  }
  return trx
    .insertInto('readings')
    .values({
      tenant_id: values.tenantId,
      meter_id: values.meterId,
      period: values.period,
      value: values.value,
      version: values.version,
      is_current: true,
      source: 'resident',
      submitted_by: values.submittedBy,
      submitted_at: values.submittedAt,
    })
    .returning(READING_COLUMNS)
    .executeTakeFirstOrThrow();
}

export interface HistoryRow extends ReadingRow {
  is_current: boolean;
  submitted_by_name: string | null;
}

/** Every version of every period from `from` to `to` (inclusive), oldest period first. */
export function historyOfMeter(trx: Tx, tenantId: string, meterId: string, from: string, to: string): Promise<HistoryRow[]> {
  return trx
    .selectFrom('readings as r')
    .leftJoin('users as u', 'u.id', 'r.submitted_by')
    .select(['r.id', 'r.meter_id', 'r.period', 'r.value', 'r.version', 'r.source', 'r.submitted_by', 'r.submitted_at', 'r.is_current', 'u.name as submitted_by_name'])
    .where('r.tenant_id', '=', tenantId)
    .where('r.meter_id', '=', meterId)
    .where('r.period', '>=', from)
    .where('r.period', '<=', to)
    .orderBy('r.period')
    .orderBy('r.version', 'desc')
    .execute();
}

/** The current reading of the last period before `period`: the base of the first consumption shown. */
export function readingBefore(trx: Tx, tenantId: string, meterId: string, period: string): Promise<ReadingRow | undefined> {
  return trx
    .selectFrom('readings')
    .select(READING_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('meter_id', '=', meterId)
    .where('is_current', '=', true)
    .where('period', '<', period)
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The overrides that can matter at `now`: those of the given periods and any not yet closed. */
export async function windowOverrides(trx: Tx, tenantId: string, periods: readonly string[], now: Date): Promise<WindowOverride[]> {
  const rows = await trx
    .selectFrom('reading_window_overrides')
    .select(['period', 'opens_at', 'closes_at'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('period', 'in', periods), eb('closes_at', '>', now)]))
    .execute();
  return rows.map((row) => ({ period: row.period, opensAt: row.opens_at, closesAt: row.closes_at }));
}

export function userName(trx: Tx, userId: string): Promise<string | undefined> {
  return trx
    .selectFrom('users')
    .select('name')
    .where('id', '=', userId)
    .executeTakeFirst()
    .then((row) => row?.name);
}
