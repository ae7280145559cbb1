/**
 * @module
 * Meters, readings and window overrides in the database. Plain functions taking the tenant's
 * transaction first; they return rows and leave every rule to the pure modules beside them.
 * Each query also filters by tenant_id: row-level security would hide other tenants' rows anyway,
 * but the filter lets Postgres use the (tenant_id, …) indexes.
 *
 * The two busiest calls (the meter list, a submission) are written as few statements as possible:
 * inside a request's transaction every statement is a round trip, and on PGlite a trip through
 * the WebAssembly engine (see bench/readings.bench.mjs).
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

/** Where the window stands: the periods whose windows can matter now (window.ts) and the moment. */
export interface WindowQuery {
  periods: readonly string[];
  now: Date;
}

/** The overrides of the given periods and any not yet closed, as one JSON array. */
const overridesJson = (tenantId: string, window: WindowQuery) => sql<string>`(
  select coalesce(json_agg(json_build_object('period', period, 'opensAt', opens_at, 'closesAt', closes_at)), '[]')
  from reading_window_overrides
  where tenant_id = ${tenantId} and (period = any(${sql.val([...window.periods])}::text[]) or closes_at > ${window.now})
)`;

type OverrideJson = { period: string; opensAt: string; closesAt: string };

function toOverrides(value: unknown): WindowOverride[] {
  return (parseJson<OverrideJson[]>(value) ?? []).map((o) => ({ period: o.period, opensAt: new Date(o.opensAt), closesAt: new Date(o.closesAt) }));
}

/** pg parses json columns itself; PGlite may hand them over as text. */
function parseJson<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export interface PremiseMeters {
  overrides: WindowOverride[];
  meters: MeterRow[];
  /** Per meter id: its latest current readings, newest first. */
  readings: Map<string, ReadingRow[]>;
}

/**
 * Everything GET …/meters shows, in one statement: the window overrides that can matter now, the
 * premise's meters still in place on `today` ('YYYY-MM-DD'), and each meter's latest `perMeter`
 * current readings of periods up to the last candidate period, one row per meter and reading.
 * (Flat rows: aggregating the readings to JSON in SQL measured twice as slow on Postgres.) The
 * caller picks the window's period afterwards; `perMeter` must leave two readings at or before it
 * whichever candidate it is.
 */
export async function premiseMeters(
  trx: Tx,
  tenantId: string,
  premiseId: string,
  window: WindowQuery & { today: string },
  perMeter: number,
): Promise<PremiseMeters> {
  const upTo = [...window.periods].sort().at(-1)!;
  const result = await sql<
    { overrides: unknown } & Partial<MeterRow> & { r_id: string | null; r_period: string; r_value: string; r_version: number } & Pick<
        ReadingRow,
        'source' | 'submitted_by' | 'submitted_at'
      >
  >`
    select ${overridesJson(tenantId, window)} as overrides,
           m.id, m.premise_id, m.kind, m.location, m.serial_number, m.unit, m.decimals, m.verification_due,
           m.installed_at, m.removed_at, m.initial_value,
           r.id as r_id, r.period as r_period, r.value as r_value, r.version as r_version, r.source, r.submitted_by, r.submitted_at
    from (select 1) as one
    left join meters m
      on m.tenant_id = ${tenantId} and m.premise_id = ${premiseId} and (m.removed_at is null or m.removed_at > ${window.today}::date)
    left join lateral (
      select id, period, value, version, source, submitted_by, submitted_at
      from readings
      where tenant_id = ${tenantId} and meter_id = m.id and is_current and period <= ${upTo}
      order by period desc
      limit ${perMeter}
    ) r on true
    order by m.kind, m.location, m.serial_number, m.id, r.period desc`.execute(trx);
  const readings = new Map<string, ReadingRow[]>();
  const meters: MeterRow[] = [];
  for (const row of result.rows) {
    if (!row.id) continue;
    let list = readings.get(row.id);
    if (!list) {
      list = [];
      readings.set(row.id, list);
      meters.push({
        id: row.id,
        premise_id: row.premise_id!,
        kind: row.kind!,
        location: row.location!,
        serial_number: row.serial_number!,
        unit: row.unit!,
        decimals: row.decimals!,
        verification_due: row.verification_due ?? null,
        installed_at: row.installed_at ?? null,
        removed_at: row.removed_at ?? null,
        initial_value: row.initial_value!,
      });
    }
    if (row.r_id) {
      list.push({
        id: row.r_id,
        meter_id: row.id,
        period: row.r_period,
        value: row.r_value,
        version: row.r_version,
        source: row.source,
        submitted_by: row.submitted_by,
        submitted_at: row.submitted_at,
      });
    }
  }
  return { overrides: toOverrides(result.rows[0]?.overrides), meters, readings };
}

/** One meter of the premise, removed or not (its history stays the resident's). */
export function findMeter(trx: Tx, tenantId: string, premiseId: string, meterId: string): Promise<MeterRow | undefined> {
  return trx
    .selectFrom('meters')
    .select(METER_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('premise_id', '=', premiseId)
    .where('id', '=', meterId)
    .executeTakeFirst();
}

/**
 * One meter of the premise, locked until the transaction ends so that concurrent submissions for
 * it take turns (and each sees the one before), with the window overrides that can matter now.
 */
export async function lockMeter(
  trx: Tx,
  tenantId: string,
  premiseId: string,
  meterId: string,
  window: WindowQuery,
): Promise<{ meter: MeterRow; overrides: WindowOverride[] } | undefined> {
  const result = await sql<MeterRow & { overrides: unknown }>`
    select m.id, m.premise_id, m.kind, m.location, m.serial_number, m.unit, m.decimals, m.verification_due,
           m.installed_at, m.removed_at, m.initial_value, ${overridesJson(tenantId, window)} as overrides
    from meters m
    where m.tenant_id = ${tenantId} and m.premise_id = ${premiseId} and m.id = ${meterId}
    for update of m`.execute(trx);
  const row = result.rows[0];
  if (!row) return undefined;
  const { overrides, ...meter } = row;
  return { meter, overrides: toOverrides(overrides) };
}

/**
 * What a submission for `period` needs, in one statement: the highest version number used for the
 * period so far, its current reading (if any), and the meter's current readings of up to
 * `earlier` periods before it, newest first.
 */
export async function submissionContext(
  trx: Tx,
  tenantId: string,
  meterId: string,
  period: string,
  earlier: number,
): Promise<{ current: ReadingRow | undefined; lastVersion: number; earlier: ReadingRow[] }> {
  const result = await sql<Partial<ReadingRow> & { last_version: number | null }>`
    select v.last_version, r.id, r.meter_id, r.period, r.value, r.version, r.source, r.submitted_by, r.submitted_at
    from (select max(version) as last_version from readings where tenant_id = ${tenantId} and meter_id = ${meterId} and period = ${period}) v
    left join lateral (
      (select * from readings where tenant_id = ${tenantId} and meter_id = ${meterId} and is_current and period = ${period})
      union all
      (select * from readings where tenant_id = ${tenantId} and meter_id = ${meterId} and is_current and period < ${period}
       order by period desc limit ${earlier})
    ) r on true
    order by r.period desc`.execute(trx);
  const readings = result.rows.filter((row) => row.id).map(({ last_version: _v, ...reading }) => reading as ReadingRow);
  return {
    current: readings.find((r) => r.period === period),
    lastVersion: Number(result.rows[0]?.last_version ?? 0),
    earlier: readings.filter((r) => r.period < period),
  };
}

/**
 * Stores a new version as the current reading of its period, retiring the one it corrects in the
 * same statement. The caller holds the meter's lock, so the version number is free.
 */
export async function insertCurrentVersion(
  trx: Tx,
  values: { tenantId: string; meterId: string; period: string; value: string; version: number; submittedBy: string; submittedAt: Date },
): Promise<ReadingRow> {
  const result = await sql<ReadingRow>`
    with retired as (
      update readings set is_current = false
      where tenant_id = ${values.tenantId} and meter_id = ${values.meterId} and period = ${values.period} and is_current
      returning id
    )
    insert into readings (tenant_id, meter_id, period, value, version, is_current, source, submitted_by, submitted_at)
    select ${values.tenantId}, ${values.meterId}, ${values.period}, ${values.value}::numeric, ${values.version}, true, 'resident',
           ${values.submittedBy}::uuid, ${values.submittedAt}::timestamptz
    from (select count(*) from retired) as done
    returning id, meter_id, period, value, version, source, submitted_by, submitted_at`.execute(trx);
  return result.rows[0]!;
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

export function userName(trx: Tx, userId: string): Promise<string | undefined> {
  return trx
    .selectFrom('users')
    .select('name')
    .where('id', '=', userId)
    .executeTakeFirst()
    .then((row) => row?.name);
}
