/**
 * @module
 * The readings an export sends, read through one server-side cursor (DECLARE … FETCH) inside the
 * export's REPEATABLE READ transaction: Postgres streams the rows as they are fetched, so memory
 * stays flat however many there are, and every batch sees the same snapshot, the one the next
 * cursor names (export-cursor.ts).
 *
 * A cursor's statement cannot take bind parameters through every driver, so its few values are
 * inlined, each checked against its exact shape first (a UUID, a period: `literal`), and the
 * snapshot by export-cursor.ts's own check.
 *
 * Each row is a current reading (the version in force for its meter and period), with its
 * consumption counted as the resident sees it (meter-views.ts): from the current reading of the
 * latest earlier period, else from the meter's initial value when its installation is recorded.
 * Values keep the meter's decimals ("12.340"), computed by Postgres so that a million rows cost
 * no decimal arithmetic here.
 */
import { sql } from 'kysely';
import type { Readable } from 'node:stream';
import { copyOut, type DatabaseHandle, type Tx } from '../../db/database.ts';
import { isUuid } from '../../http/ids.ts';
import { addMonths, formatPeriod, parsePeriod } from '../../readings/window.ts';
import { cursorOf, type SinceCursor } from './export-cursor.ts';
import { EXPORT_COLUMNS, type ExportColumn, type ExportLayout } from './export-format.ts';

export interface ExportFilter {
  tenantId: string;
  period?: string | undefined;
  since?: SinceCursor | undefined;
}

const CURSOR = 'doorstep_readings_export';

/** A UUID or a period as an SQL literal; anything of another shape throws, so nothing else reaches the text. */
function literal(kind: 'uuid' | 'period', value: string): string {
  const ok = kind === 'uuid' ? isUuid(value) : /^\d{4}-\d{2}$/.test(value);
  if (!ok) throw new Error(`not a ${kind}`);
  return `'${value.toLowerCase()}'`;
}

/** `export-cursor.ts` checked the text; this only quotes it. */
const snapshotLiteral = (snapshot: string) => `'${snapshot}'::pg_snapshot`;

/**
 * The consumption's base: the latest earlier current reading, else the meter's recorded start. For
 * one period that is nearly always the month before, so it comes by a join on that month (a hash
 * join over the whole period) and only meters that skipped it look further back.
 */
const EARLIER = `(select e.value from readings e
  where e.tenant_id = r.tenant_id and e.meter_id = r.meter_id and e.is_current and e.period < r.period
  order by e.period desc limit 1)`;
const START = 'case when m.installed_at is not null then m.initial_value end';

/** Columns that hold the manager's or a resident's own text, which may need quoting in CSV. */
const FREE_TEXT = new Set<ExportColumn>(['meterRef', 'meterSerial', 'premiseRef', 'accountNumber', 'submittedBy']);

/**
 * One exported row of `x` (exportQuery's columns) as its line: a JSON object with the columns as
 * keys in order (row_to_json), or the CSV record (RFC 4180: a cell holding a quote, a delimiter of
 * either kind or a line break is quoted, its quotes doubled; null is an empty cell). The other
 * columns are digits, dates, periods and fixed words that never need quoting.
 */
function exportLineSql(layout: ExportLayout): string {
  // `\\r\\n` reach Postgres as the regex escapes \r \n, so the statement's text holds no line break
  // (one statement is one line for whoever reads or splits the SQL, as the plan guard does).
  if (layout.format === 'ndjson') return 'row_to_json(x)::text';
  const cells = EXPORT_COLUMNS.map((column) => {
    const ref = `x."${column}"::text`;
    return FREE_TEXT.has(column)
      ? `coalesce(case when strpos(${ref}, '"') > 0 or ${ref} ~ '[,;\\r\\n]' then '"' || replace(${ref}, '"', '""') || '"' else ${ref} end, '')`
      : `coalesce(${ref}, '')`;
  });
  // The delimiter is one of two fixed characters, never the caller's text.
  return `concat_ws('${layout.delimiter === ';' ? ';' : ','}', ${cells.join(', ')})`;
}

/** The export's query (its plan is read by the tests: admin-readings-export.test.ts). */
export function exportQuery(filter: ExportFilter): string {
  const tenant = literal('uuid', filter.tenantId);
  const where = [`r.tenant_id = ${tenant}`, 'r.is_current'];
  let previous = '';
  let base = `coalesce(${EARLIER}, ${START})`;
  if (filter.period !== undefined) {
    where.push(`r.period = ${literal('period', filter.period)}`);
    const before = literal('period', formatPeriod(addMonths(parsePeriod(filter.period)!, -1)));
    previous = `left join readings pm on pm.tenant_id = r.tenant_id and pm.meter_id = r.meter_id and pm.period = ${before} and pm.is_current`;
    base = `coalesce(pm.value, ${EARLIER}, ${START})`;
  }
  if (filter.since?.kind === 'snapshot') {
    const seen = snapshotLiteral(filter.since.snapshot);
    // Every xid below the old snapshot's xmin was visible to it: the index range starts there.
    where.push(`r.written_xid >= pg_snapshot_xmin(${seen})`, `not pg_visible_in_snapshot(r.written_xid, ${seen})`);
  }
  // An incremental pull comes in the order its rows were written. A period comes as the hash
  // joins produce it: sorting a million rows would cost more than all the rest.
  const order = filter.since ? 'order by r.written_xid, r.id' : '';
  return `select m.external_ref as "meterRef", m.serial_number as "meterSerial", p.external_ref as "premiseRef",
  p.account_number as "accountNumber", r.period, round(r.value, m.decimals)::text as value,
  round(r.value - ${base}, m.decimals)::text as consumption,
  to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "submittedAt",
  r.source, u.email as "submittedBy", r.version
from readings r
join meters m on m.id = r.meter_id and m.tenant_id = r.tenant_id
join premises p on p.id = m.premise_id and p.tenant_id = r.tenant_id
left join users u on u.id = r.submitted_by
${previous}
where ${where.join(' and ')}
${order}`;
}

/** Settings for the export's query, local to its transaction (a read-only REPEATABLE READ one). */
export async function tuneExportQuery(trx: Tx): Promise<void> {
  // A cursor is planned for its first rows unless told it will be read to the end (then hash
  // joins, not a million index probes); and compiling the plan (JIT) would cost seconds of a
  // query whose work is simple per row. The hash joins over a period's meters and the previous
  // period's readings went to disk in batches at the default 4 MB work_mem (EXPLAIN ANALYZE at
  // 200k rows: "Batches: 4", temp files) and cost ~8 % more Postgres CPU than in memory.
  await sql.raw("set local cursor_tuple_fraction = 1;\nset local jit = off;\nset local work_mem = '64MB'").execute(trx);
}

/**
 * The COPY's query shared with one parallel worker, on Postgres (a cursor never runs in parallel).
 * Postgres's CPU per exported row was the bottleneck: ~5 µs in one backend against the server's
 * ~1.7 µs (mostly pg-copy-streams reading one CopyData message per row; bench/export.bench.mjs).
 * Measured at 200k rows and six periods of history (issue #11, CPU per row; the idle two-core
 * estimate is max(busiest process, everyone's CPU / 2)): serial 4.6–5.5 µs → ≈ 10 s for 1M
 * apartments; one worker with the leader taking its share: leader 3.8–4.2, worker ~2.0, ≈ 8–8.4 s;
 * two workers with the leader only projecting and writing the CSV: leader ~1.4, workers ~2.5
 * each, ≈ 8–8.3 s, with more Postgres CPU in all (6.4–6.6 µs against 5.9–6.4), so one worker.
 * The worker passes its rows to the leader through shared memory, cheaply, so
 * `parallel_tuple_cost` is 0 (at its default the planner can keep the export serial). A small
 * tenant's tables stay under `min_parallel_table_scan_size` and run serial; with no worker free
 * the leader does it all.
 *
 * Only where row-level security lets a plan go parallel: the policy's current_tenant_id() must be
 * PARALLEL SAFE (it only reads a setting, which Postgres copies into its workers with the role);
 * as long as it is marked otherwise every plan under the policy stays serial and these settings
 * change nothing. A read-only REPEATABLE READ transaction allows parallel plans.
 */
const PARALLEL_COPY = 'set local max_parallel_workers_per_gather = 1;\nset local parallel_tuple_cost = 0';

/**
 * The export as CSV written by Postgres itself, `COPY (query) TO STDOUT (FORMAT csv)`, on
 * Postgres only (copyOut; PGlite reads the cursor below). Measured at 200k rows (issue #11,
 * backend CPU of the same query): the cursor's lines built by SQL expressions 1.20 s, COPY's own
 * CSV writer over the plain columns 0.93 s; and the server passes bytes on instead of receiving
 * and joining a row object each (3.4 µs of server CPU per row before).
 *
 * COPY quotes a cell that holds the delimiter, a quote or a line break (RFC 4180, as the cursor
 * does, except that a cell holding only the other delimiter stays unquoted, which is still the
 * same CSV), writes null as an empty cell and an empty text as `""`, and ends records with LF:
 * the caller turns those into CRLF (export-format.ts: crlfRecords).
 */
export async function copyExportCsv(database: DatabaseHandle, trx: Tx, filter: ExportFilter, layout: ExportLayout): Promise<{ nextCursor: string; rows: Readable } | undefined> {
  if (database.kind !== 'postgres' || layout.format !== 'csv') return undefined;
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(trx);
  // The delimiter is one of two fixed characters, never the caller's text.
  const delimiter = layout.delimiter === ';' ? ';' : ',';
  await sql.raw(PARALLEL_COPY).execute(trx);
  const stream = await copyOut(database, trx, `copy (${exportQuery(filter)}) to stdout with (format csv, delimiter '${delimiter}')`);
  return stream && { nextCursor: cursorOf(rows[0]!.snapshot), rows: stream };
}

/** Opens the cursor over the filter's rows; answers the next cursor (this transaction's snapshot). */
export async function openExportCursor(trx: Tx, filter: ExportFilter, layout: ExportLayout): Promise<string> {
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(trx);
  await sql.raw(`declare ${CURSOR} no scroll cursor for select ${exportLineSql(layout)} as line from (${exportQuery(filter)}) x`).execute(trx);
  return cursorOf(rows[0]!.snapshot);
}

/** The next `count` lines; fewer (or none) at the end. */
export async function fetchExportLines(trx: Tx, count: number): Promise<string[]> {
  const { rows } = await sql.raw<{ line: string }>(`fetch forward ${Math.trunc(count)} from ${CURSOR}`).execute(trx);
  return rows.map((row) => row.line);
}
