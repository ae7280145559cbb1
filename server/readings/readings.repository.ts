/**
 * @module
 * Meters, readings and window overrides in the database. Plain functions taking the tenant's
 * transaction first; they return rows and leave every rule to the pure modules beside them.
 * Each query also filters by tenant_id: row-level security would hide other tenants' rows anyway,
 * but the filter lets Postgres use the (tenant_id, …) indexes.
 *
 * The two busiest calls (the meter list, a submission) take as few round trips as possible: inside
 * a request's transaction every statement is one, and on PGlite a trip through the WebAssembly
 * engine (see bench/readings.bench.mjs). The meter list's statements are prepared ones that travel
 * with the session check in a single message.
 */
import { sql } from 'kysely';
import type { FirstStatement, StatementCall, Tx } from '../db/database.ts';
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
  readings: Map<string, LatestReading[]>;
}

/** What the meter list shows of a reading. */
export type LatestReading = Pick<ReadingRow, 'meter_id' | 'period' | 'value' | 'version' | 'source' | 'submitted_at'>;

/** The overrides of the periods $2 and any not yet closed at $3. */
const WINDOW_OVERRIDES: FirstStatement = {
  name: 'doorstep_window_overrides',
  types: ['uuid', 'text[]', 'timestamptz'],
  text: `select period, opens_at, closes_at from reading_window_overrides where tenant_id = $1 and (period = any($2) or closes_at > $3)`,
};

/** The premise's meters still in place on the day $3. */
const PREMISE_METERS: FirstStatement = {
  name: 'doorstep_premise_meters',
  types: ['uuid', 'uuid', 'date'],
  text: `select ${METER_COLUMNS.join(', ')} from meters
where tenant_id = $1 and premise_id = $2 and (removed_at is null or removed_at > $3)
order by kind, location, serial_number, id`,
};

/** Each of those meters' latest $5 current readings of periods up to $4, newest first. */
const LATEST_READINGS: FirstStatement = {
  name: 'doorstep_latest_readings',
  types: ['uuid', 'uuid', 'date', 'text', 'int4'],
  text: `select m.id as meter_id, r.period, r.value, r.version, r.source, r.submitted_at
from meters m
cross join lateral (
  select period, value, version, source, submitted_at from readings
  where tenant_id = $1 and meter_id = m.id and is_current and period <= $4
  order by period desc limit $5
) r
where m.tenant_id = $1 and m.premise_id = $2 and (m.removed_at is null or m.removed_at > $3)
order by m.id, r.period desc`,
};

/**
 * Everything GET …/meters shows, as three statements that travel together in one round trip
 * (resident.ts, readAsResident): the window overrides that can matter now, the premise's meters
 * still in place on `today` ('YYYY-MM-DD'), and each meter's latest `perMeter` current readings of
 * periods up to the last candidate period. The caller picks the window's period afterwards;
 * `perMeter` must leave two readings at or before it whichever candidate it is. Read them back
 * with premiseMetersOf.
 */
export function premiseMetersReads(tenantId: string, premiseId: string, window: WindowQuery & { today: string }, perMeter: number): StatementCall[] {
  const upTo = [...window.periods].sort().at(-1)!;
  return [
    { statement: WINDOW_OVERRIDES, args: [tenantId, window.periods, window.now] },
    { statement: PREMISE_METERS, args: [tenantId, premiseId, window.today] },
    { statement: LATEST_READINGS, args: [tenantId, premiseId, window.today, upTo, perMeter] },
  ];
}

export function premiseMetersOf([overrides, meters, latest]: unknown[][]): PremiseMeters {
  const readings = new Map<string, LatestReading[]>();
  for (const row of latest as LatestReading[]) {
    const list = readings.get(row.meter_id);
    if (list) list.push(row);
    else readings.set(row.meter_id, [row]);
  }
  return {
    overrides: (overrides as { period: string; opens_at: Date; closes_at: Date }[]).map((o) => ({ period: o.period, opensAt: o.opens_at, closesAt: o.closes_at })),
    meters: meters as MeterRow[],
    readings,
  };
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
