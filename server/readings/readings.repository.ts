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
import { executeLast, type FirstStatement, type StatementCall, type Tx } from '../db/database.ts';
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

export interface PremiseMeters {
  overrides: WindowOverride[];
  meters: MeterRow[];
  /** Per meter id: its latest current readings, newest first. */
  readings: Map<string, LatestReading[]>;
}

/** What the meter list shows of a reading. */
export type LatestReading = Pick<ReadingRow, 'meter_id' | 'period' | 'value' | 'version' | 'source' | 'submitted_at'>;

interface OverrideRow {
  period: string;
  opens_at: Date;
  closes_at: Date;
}

const overridesOf = (rows: readonly OverrideRow[]): WindowOverride[] => rows.map((o) => ({ period: o.period, opensAt: o.opens_at, closesAt: o.closes_at }));

/** The latest of the candidate periods: readings after it cannot matter now. */
const latestOf = (periods: readonly string[]): string => [...periods].sort().at(-1)!;

/**
 * The overrides in force for the premise $4, of the periods $2 and any not yet closed at $3. A
 * manager may move one period's window for the whole tenant or for one building
 * (server/admin/readings/): for each period the premise's building's override wins over the
 * tenant's, and only then is the rest filtered, so a closed building override still hides the
 * tenant's for that period. The building rides in this statement (no extra round trip).
 */
const WINDOW_OVERRIDES: FirstStatement = {
  name: 'doorstep_window_overrides',
  types: ['uuid', 'text[]', 'timestamptz', 'uuid'],
  text: `select period, opens_at, closes_at from (
  select distinct on (o.period) o.period, o.opens_at, o.closes_at
  from reading_window_overrides o
  where o.tenant_id = $1
    and (o.building_id is null or o.building_id = (select p.building_id from premises p where p.tenant_id = $1 and p.id = $4))
  order by o.period, o.building_id nulls last
) effective
where period = any($2) or closes_at > $3`,
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
  const upTo = latestOf(window.periods);
  return [
    { statement: WINDOW_OVERRIDES, args: [tenantId, window.periods, window.now, premiseId] },
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
    overrides: overridesOf(overrides as OverrideRow[]),
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
 * The meter $3 of the premise $2, locked until the transaction ends so that concurrent submissions
 * for it take turns (and each sees the one before). It runs before the rights are known (it rides
 * with the session check), so it locks only a meter of a premise the user $4 has a grant on.
 */
const LOCK_METER: FirstStatement = {
  name: 'doorstep_lock_meter',
  types: ['uuid', 'uuid', 'uuid', 'uuid'],
  text: `select ${METER_COLUMNS.join(', ')} from meters m
where m.tenant_id = $1 and m.premise_id = $2 and m.id = $3
  and exists (select 1 from grants g where g.user_id = $4 and g.premise_id = m.premise_id)
for update of m`,
};

/** The meter's current readings of periods up to $3, newest first, at most $4. */
const RECENT_READINGS: FirstStatement = {
  name: 'doorstep_recent_readings',
  types: ['uuid', 'uuid', 'text', 'int4'],
  text: `select ${READING_COLUMNS.join(', ')} from readings
where tenant_id = $1 and meter_id = $2 and is_current and period <= $3
order by period desc limit $4`,
};

/**
 * The highest version number used so far in each of the periods $3, each found at the end of the
 * (meter, period, version) index: a period with many corrections costs no more than one without.
 */
const LAST_VERSIONS: FirstStatement = {
  name: 'doorstep_last_versions',
  types: ['uuid', 'uuid', 'text[]'],
  text: `select p.period, (
  select r.version from readings r
  where r.tenant_id = $1 and r.meter_id = $2 and r.period = p.period
  order by r.version desc limit 1
) as last_version
from unnest($3) as p(period)`,
};

/**
 * What a submission needs, as statements that ride with the session check in the round trip that
 * opens the transaction (resident.ts, withResident's `first`), in this order: the meter, locked;
 * the window overrides that can matter now; its current readings up to the last candidate period,
 * enough for `earlier` before any candidate; the last version number of each candidate period.
 * The window's period is only known once the overrides are: read them back with submissionOf.
 */
export function submissionReads(
  tenantId: string,
  input: { premiseId: string; meterId: string; userId: string },
  window: WindowQuery,
  earlier: number,
): StatementCall[] {
  const upTo = latestOf(window.periods);
  return [
    { statement: LOCK_METER, args: [tenantId, input.premiseId, input.meterId, input.userId] },
    { statement: WINDOW_OVERRIDES, args: [tenantId, window.periods, window.now, input.premiseId] },
    // Up to every candidate period may hold a reading at or after the window's own.
    { statement: RECENT_READINGS, args: [tenantId, input.meterId, upTo, earlier + window.periods.length] },
    { statement: LAST_VERSIONS, args: [tenantId, input.meterId, window.periods] },
  ];
}

export interface SubmissionContext {
  current: ReadingRow | undefined;
  lastVersion: number;
  /** Current readings of up to `earlier` periods before the window's, newest first. */
  earlier: ReadingRow[];
}

/**
 * The locked meter and the overrides from submissionReads' rows (undefined: no such meter of a
 * premise the user has a grant on), and `contextFor`: what the window's period needs. It answers
 * undefined when that period is none of the candidates (an override moved it), and the caller
 * asks submissionContext instead.
 */
export function submissionOf(rows: unknown[][], earlier: number) {
  const [meters, overrides, recent, versions] = rows as [MeterRow[], OverrideRow[], ReadingRow[], { period: string; last_version: number | null }[]];
  const meter = meters?.[0];
  if (!meter) return undefined;
  const contextFor = (period: string): SubmissionContext | undefined => {
    // LAST_VERSIONS answers one row per candidate period, with or without a version.
    const candidate = versions.find((v) => v.period === period);
    if (!candidate) return undefined;
    return {
      current: recent.find((r) => r.period === period),
      lastVersion: candidate.last_version ?? 0,
      earlier: recent.filter((r) => r.period < period).slice(0, earlier),
    };
  };
  return { meter, overrides: overridesOf(overrides), contextFor };
}

/**
 * What a submission for `period` needs, in one statement: the highest version number used for the
 * period so far, its current reading (if any), and the meter's current readings of up to
 * `earlier` periods before it, newest first. (For a window period that submissionReads could not
 * foresee.)
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
 * A new version as the current reading of its period, retiring the one it corrects in the same
 * statement. The caller holds the meter's lock, so the version number is free.
 */
const INSERT_CURRENT_VERSION: FirstStatement = {
  name: 'doorstep_insert_current_version',
  types: ['uuid', 'uuid', 'text', 'numeric', 'int4', 'uuid', 'timestamptz'],
  text: `with retired as (
  update readings set is_current = false
  where tenant_id = $1 and meter_id = $2 and period = $3 and is_current
  returning id
)
insert into readings (tenant_id, meter_id, period, value, version, is_current, source, submitted_by, submitted_at)
select $1, $2, $3, $4, $5, true, 'resident', $6, $7
from (select count(*) from retired) as done
returning ${READING_COLUMNS.join(', ')}`,
};

/**
 * Stores the new version and commits the transaction in the same round trip: it must be the
 * transaction's last statement (first-statement.ts, executeLast).
 */
export async function insertCurrentVersionAndCommit(
  trx: Tx,
  values: { tenantId: string; meterId: string; period: string; value: string; version: number; submittedBy: string; submittedAt: Date },
): Promise<ReadingRow> {
  const { rows } = await trx.executeQuery<ReadingRow>(
    executeLast({
      statement: INSERT_CURRENT_VERSION,
      args: [values.tenantId, values.meterId, values.period, values.value, values.version, values.submittedBy, values.submittedAt],
    }),
  );
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
