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

/** What the meter list shows of a reading. */
export type LatestReading = Pick<ReadingRow, 'meter_id' | 'period' | 'value' | 'version' | 'source' | 'submitted_at'>;

/**
 * The window overrides in force for the premise, of the given periods and any not yet closed at
 * `now`. A manager may move one period's window for the whole tenant or for one building
 * (server/admin/readings/): for each period the premise's building's override wins over the
 * tenant's, and only then is the rest filtered, so a closed building override still hides the
 * tenant's for that period.
 */
export async function windowOverrides(trx: Tx, tenantId: string, premiseId: string, periods: readonly string[], now: Date): Promise<WindowOverride[]> {
  const { rows } = await sql<{ period: string; opens_at: Date; closes_at: Date }>`
    select period, opens_at, closes_at from (
      select distinct on (o.period) o.period, o.opens_at, o.closes_at
      from reading_window_overrides o
      where o.tenant_id = ${tenantId}
        and (o.building_id is null or o.building_id = (select p.building_id from premises p where p.tenant_id = ${tenantId} and p.id = ${premiseId}))
      order by o.period, o.building_id nulls last
    ) effective
    where period = any(${[...periods]}::text[]) or closes_at > ${now}`.execute(trx);
  return rows.map((o) => ({ period: o.period, opensAt: o.opens_at, closesAt: o.closes_at }));
}

/**
 * The premise's meters still in place on `today` ('YYYY-MM-DD'), each with its latest `perMeter`
 * current readings of periods up to `upTo`, newest first: one statement, flat rows (a meter
 * without readings has one row with null reading columns).
 */
export async function premiseMeters(
  trx: Tx,
  tenantId: string,
  premiseId: string,
  today: string,
  upTo: string,
  perMeter: number,
): Promise<{ meters: MeterRow[]; readings: Map<string, LatestReading[]> }> {
  const { rows } = await sql<MeterRow & { r_period: string | null; r_value: string; r_version: number; r_source: ReadingRow['source']; r_submitted_at: Date }>`
    select ${sql.join(METER_COLUMNS.map((c) => sql.ref(`m.${c}`)))},
           r.period as r_period, r.value as r_value, r.version as r_version, r.source as r_source, r.submitted_at as r_submitted_at
    from meters m
    left join lateral (
      select period, value, version, source, submitted_at from readings
      where tenant_id = ${tenantId} and meter_id = m.id and is_current and period <= ${upTo}
      order by period desc limit ${perMeter}
    ) r on true
    where m.tenant_id = ${tenantId} and m.premise_id = ${premiseId} and (m.removed_at is null or m.removed_at > ${today}::date)
    order by m.kind, m.location, m.serial_number, m.id, r.period desc`.execute(trx);
  const meters: MeterRow[] = [];
  const readings = new Map<string, LatestReading[]>();
  for (const { r_period, r_value, r_version, r_source, r_submitted_at, ...meter } of rows) {
    let list = readings.get(meter.id);
    if (!list) {
      readings.set(meter.id, (list = []));
      meters.push(meter);
    }
    if (r_period !== null) list.push({ meter_id: meter.id, period: r_period, value: r_value, version: r_version, source: r_source, submitted_at: r_submitted_at });
  }
  return { meters, readings };
}

/** One meter of the premise, removed or not (its history stays the resident's). */
const meterOfPremise = (trx: Tx, tenantId: string, premiseId: string, meterId: string) =>
  trx.selectFrom('meters').select(METER_COLUMNS).where('tenant_id', '=', tenantId).where('premise_id', '=', premiseId).where('id', '=', meterId);

export function findMeter(trx: Tx, tenantId: string, premiseId: string, meterId: string): Promise<MeterRow | undefined> {
  return meterOfPremise(trx, tenantId, premiseId, meterId).executeTakeFirst();
}

/**
 * One meter of the premise, locked until the transaction ends so that concurrent submissions for
 * it take turns (and each sees the one before).
 */
export function lockMeter(trx: Tx, tenantId: string, premiseId: string, meterId: string): Promise<MeterRow | undefined> {
  return meterOfPremise(trx, tenantId, premiseId, meterId).forUpdate().executeTakeFirst();
}

export interface SubmissionContext {
  current: ReadingRow | undefined;
  lastVersion: number;
  /** Current readings of up to `earlier` periods before the window's, newest first. */
  earlier: ReadingRow[];
}

/**
 * What a submission for `period` needs, in one statement: the highest version number used for the
 * period so far, its current reading (if any), and the meter's current readings of up to
 * `earlier` periods before it, newest first.
 */
export async function submissionContext(trx: Tx, tenantId: string, meterId: string, period: string, earlier: number): Promise<SubmissionContext> {
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
  const { rows } = await sql<ReadingRow>`
    with retired as (
      update readings set is_current = false
      where tenant_id = ${values.tenantId} and meter_id = ${values.meterId} and period = ${values.period} and is_current
      returning id
    )
    insert into readings (tenant_id, meter_id, period, value, version, is_current, source, submitted_by, submitted_at)
    select ${values.tenantId}::uuid, ${values.meterId}::uuid, ${values.period}, ${values.value}::numeric, ${values.version}::int, true, 'resident',
           ${values.submittedBy}::uuid, ${values.submittedAt}::timestamptz
    from (select count(*) from retired) as done
    returning ${sql.join(READING_COLUMNS.map((c) => sql.ref(c)))}`.execute(trx);
  return rows[0]!;
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
