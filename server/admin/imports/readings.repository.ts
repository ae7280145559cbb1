/**
 * @module
 * The `readings` import's SQL, over the staging table (see readings.import.ts).
 *
 * `import_readings_plan` resolves every staged row once — its meter, and the period's current
 * reading if there is one — and both the checks and the writes read it: a row is new (no current
 * reading), unchanged (same value, and same time when the file gives one) or a new version.
 * The order check runs over each meter's series as it will be, file rows in place of the stored
 * readings of the same period, so a file may fill a gap in the history but not break its order.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { CheckError } from './import-kind.ts';
import type { Counts } from './import-report.ts';

/**
 * The ids of the readings an import writes are time-ordered (UUID version 7, RFC 9562): the
 * import's start in milliseconds and 12 random bits (ID_PREFIX, once per import), then the row's
 * place in the insert's own order (a 32-bit counter: RFC 9562 § 6.2, monotonic within the import) and 28
 * random bits. So the import's rows land at the right-hand end of the primary key and of
 * readings_tenant_written (tenant, written_xid, id), a page at a time, instead of each at a random
 * page of indexes that outgrow memory at millions of readings (issue #11, 480 000 readings: the
 * insert's Postgres CPU went from 22.8 to 15.4 µs a reading). Readings written one at a time
 * (residents, managers) keep the column's default, gen_random_uuid().
 */
const ID_PREFIX = sql.raw(`(select lpad(to_hex((extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
  || lpad(to_hex((random() * 4095)::int), 3, '0') || '8' as prefix) id_prefix`);
const TIME_ORDERED_ID = sql.raw(`(id_prefix.prefix || lpad(to_hex(row_number() over (order by p.meter_id, p.period collate "C")), 8, '0')
  || lpad(to_hex((random() * 268435455)::int), 7, '0'))::uuid`);

const CHANGED = sql.raw('(p.value <> p.current_value or (p.submitted_at is not null and p.submitted_at <> p.current_submitted_at))');

export async function checkReadings(trx: Tx, tenantId: string, timeZone: string, limit: number): Promise<{ errors: CheckError[]; total: number }> {
  await sql`drop table if exists import_readings_plan`.execute(trx);
  await sql`
    create temp table import_readings_plan on commit drop as
    select s.row, s.period, s.value, s.submitted_at, m.id as meter_id, m.initial_value, m.installed_at, m.removed_at,
      row_number() over (partition by s.meter_ref collate "C", s.period collate "C" order by s.row) as nth,
      r.id as current_id, r.value as current_value, r.version as current_version, r.submitted_at as current_submitted_at
    from import_stage s
    left join meters m on m.tenant_id = ${tenantId} and m.external_ref = s.meter_ref
    left join readings r on r.tenant_id = ${tenantId} and r.meter_id = m.id and r.period = s.period and r.is_current
  `.execute(trx);
  await sql`analyze import_readings_plan`.execute(trx);
  const { rows } = await sql<CheckError & { total: number }>`
    with series as (
      select meter_id, period, value, row from import_readings_plan where meter_id is not null and nth = 1
      union all
      select r.meter_id, r.period, r.value, null from readings r
      where r.tenant_id = ${tenantId} and r.is_current
        and r.meter_id in (select meter_id from import_readings_plan where meter_id is not null)
        and not exists (select 1 from import_readings_plan p where p.meter_id = r.meter_id and p.period = r.period)
    ),
    ordered as (
      select row, value, lag(value) over w as previous, lead(value) over w as next, lead(row) over w as next_row
      from series window w as (partition by meter_id order by period collate "C")
    ),
    -- The checks of single rows in one pass over the plan (not one scan a check): only the rows that
    -- fail one of them go on to say which.
    checked as (
      select row, meter_id is null as unknown_meter, meter_id is not null and nth > 1 as duplicate,
        value < initial_value as below_initial,
        -- A meter counts from the month it was installed to the month it was removed (its last reading's).
        period > to_char(removed_at, 'YYYY-MM') as period_after_removal,
        period < to_char(installed_at, 'YYYY-MM') as period_before_installation,
        period <= to_char(removed_at, 'YYYY-MM') and (submitted_at at time zone ${timeZone})::date > removed_at as time_after_removal,
        period >= to_char(installed_at, 'YYYY-MM') and (submitted_at at time zone ${timeZone})::date < installed_at as time_before_installation
      from import_readings_plan
    ),
    found as (
      select c.row, f."column", f.code
      from checked c cross join lateral (values
        ('meter_ref', 'unknown_meter', c.unknown_meter),
        ('period', 'duplicate_in_file', c.duplicate),
        ('value', 'below_initial_value', c.below_initial),
        ('period', 'after_meter_removal', c.period_after_removal),
        ('period', 'before_meter_installation', c.period_before_installation),
        ('submitted_at', 'after_meter_removal', c.time_after_removal),
        ('submitted_at', 'before_meter_installation', c.time_before_installation)
      ) f("column", code, failed)
      where f.failed and (c.unknown_meter or c.duplicate or c.below_initial or c.period_after_removal or c.period_before_installation
        or c.time_after_removal or c.time_before_installation)
      union all
      select row, 'value', case when value < previous then 'value_below_previous' else 'value_above_next' end from ordered
      where row is not null and (value < previous or (next_row is null and next < value))
    )
    select row, "column", code, count(*) over ()::int as total from found order by row, "column" limit ${limit}
  `.execute(trx);
  return { errors: rows.map(({ row, column, code }) => ({ row, column, code })), total: rows[0]?.total ?? 0 };
}

export async function applyReadings(trx: Tx, tenantId: string, now: Date): Promise<Record<string, Counts>> {
  const { rows } = await sql<Counts>`
    select count(*) filter (where current_id is null)::int as created,
      count(*) filter (where current_id is not null and ${CHANGED})::int as updated,
      count(*) filter (where current_id is not null and not ${CHANGED})::int as unchanged
    from import_readings_plan p
  `.execute(trx);
  const readings = rows[0]!;
  if (readings.updated > 0) {
    await sql`update readings r set is_current = false from import_readings_plan p where r.id = p.current_id and ${CHANGED}`.execute(trx);
  }
  if (readings.created + readings.updated > 0) {
    await sql`
      insert into readings (id, tenant_id, meter_id, period, value, version, is_current, source, submitted_by, submitted_at)
      select ${TIME_ORDERED_ID}, ${tenantId}::uuid, p.meter_id, p.period, p.value, coalesce(p.current_version, 0) + 1, true, 'import', null, coalesce(p.submitted_at, ${now})
      from import_readings_plan p cross join ${ID_PREFIX} where p.current_id is null or ${CHANGED}
      -- In index order: each meter's periods land next to each other in the readings indexes.
      order by p.meter_id, p.period collate "C"
    `.execute(trx);
  }
  return { readings };
}

/**
 * The periods the import being applied wrote readings for, with how many it created and changed
 * in each — for the `readings.imported` webhook. Reads the plan of this very transaction, so it is
 * called after applyReadings and before the commit.
 */
export async function importedReadingPeriods(trx: Tx): Promise<Array<{ period: string; created: number; updated: number }>> {
  const { rows } = await sql<{ period: string; created: number; updated: number }>`
    select p.period, count(*) filter (where p.current_id is null)::int as created, count(*) filter (where p.current_id is not null)::int as updated
    from import_readings_plan p where p.meter_id is not null and (p.current_id is null or ${CHANGED})
    group by p.period order by p.period
  `.execute(trx);
  return rows;
}
