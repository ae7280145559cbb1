/**
 * @module
 * The `invoices` import's SQL, over the staging table (see invoices.import.ts).
 *
 * `import_invoices_plan` holds one row per invoice number: its header from the file's first line
 * of it, its amount (the sum of its lines), its lines as one comparable text (each value cast to
 * its column's type, so "1.5" and "1.5000" are the same), and the stored invoice's header and
 * lines the same way. An invoice is new, unchanged, or updated when its header or lines differ.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { CheckError } from './import-kind.ts';
import type { Counts } from './import-report.ts';

export async function checkInvoices(trx: Tx, tenantId: string, limit: number): Promise<{ errors: CheckError[]; total: number }> {
  const { rows } = await sql<CheckError & { total: number }>`
    with s as (
      select row, premise_ref, (premise_ref, period, issue_date, due_date, balance_carried, paid_amount, paid_at)::text as head,
        first_value((premise_ref, period, issue_date, due_date, balance_carried, paid_amount, paid_at)::text) over (partition by invoice_number order by row) as first_head
      from import_stage
    ),
    found as (
      select row, 'invoice_number' as "column", 'conflicting_values' as code from s where head <> first_head
      union all
      select row, 'premise_ref', 'unknown_premise' from s
        where not exists (select 1 from premises p where p.tenant_id = ${tenantId} and p.external_ref = s.premise_ref)
    )
    select row, "column", code, count(*) over ()::int as total from found order by row, "column" limit ${limit}
  `.execute(trx);
  return { errors: rows.map(({ row, column, code }) => ({ row, column, code })), total: rows[0]?.total ?? 0 };
}

const LINE_TEXT = (alias: string) =>
  sql.raw(`concat_ws('|', ${alias}.position, ${alias}.service, ${alias}.quantity::numeric(14,4), ${alias}.unit, ${alias}.unit_price::numeric(14,4), ${alias}.sum::numeric(12,2))`);

export async function applyInvoices(trx: Tx, tenantId: string, now: Date): Promise<Record<string, Counts>> {
  await sql`drop table if exists import_invoices_plan`.execute(trx);
  await sql`drop table if exists import_invoice_lines`.execute(trx);
  await sql`
    create temp table import_invoice_lines on commit drop as
    select invoice_number, row_number() over (partition by invoice_number order by row)::int as position,
      line_service as service, line_quantity as quantity, coalesce(line_unit, '') as unit, line_unit_price as unit_price, line_sum as sum
    from import_stage
  `.execute(trx);
  await sql`
    create temp table import_invoices_plan on commit drop as
    with heads as (
      select distinct on (invoice_number) invoice_number, premise_ref, period, issue_date, due_date,
        coalesce(balance_carried, 0)::numeric(12,2) as balance_carried, coalesce(paid_amount, 0)::numeric(12,2) as paid_amount, paid_at
      from import_stage order by invoice_number, row
    ),
    lines as (
      select invoice_number, sum(sum)::numeric(12,2) as amount, string_agg(${LINE_TEXT('l')}, E'\\n' order by position) as lines
      from import_invoice_lines l group by invoice_number
    )
    select h.*, p.id as premise_id, l.amount, l.lines, i.id as current_id,
      (i.premise_id, i.period, i.issue_date, i.due_date, i.amount, i.balance_carried, i.paid_amount, i.paid_at)
        is distinct from (p.id, h.period, h.issue_date, h.due_date, l.amount, h.balance_carried, h.paid_amount, h.paid_at) as head_changed,
      (select string_agg(${LINE_TEXT('x')}, E'\\n' order by x.position) from invoice_lines x where x.invoice_id = i.id) is distinct from l.lines as lines_changed
    from heads h
    join lines l using (invoice_number)
    join premises p on p.tenant_id = ${tenantId} and p.external_ref = h.premise_ref
    left join invoices i on i.tenant_id = ${tenantId} and i.number = h.invoice_number
  `.execute(trx);
  const { rows } = await sql<Counts>`
    select count(*) filter (where current_id is null)::int as created,
      count(*) filter (where current_id is not null and (head_changed or lines_changed))::int as updated,
      count(*) filter (where current_id is not null and not head_changed and not lines_changed)::int as unchanged
    from import_invoices_plan
  `.execute(trx);
  const invoices = rows[0]!;
  if (invoices.created + invoices.updated === 0) return { invoices };
  await sql`
    insert into invoices (tenant_id, premise_id, number, issue_date, period, due_date, amount, balance_carried, total_due, paid_amount, paid_at, created_at)
    select ${tenantId}::uuid, premise_id, invoice_number, issue_date, period, due_date, amount, balance_carried, amount + balance_carried, paid_amount, paid_at, ${now}::timestamptz
    from import_invoices_plan where current_id is null or head_changed
    on conflict (tenant_id, number) do update
      set premise_id = excluded.premise_id, issue_date = excluded.issue_date, period = excluded.period, due_date = excluded.due_date,
          amount = excluded.amount, balance_carried = excluded.balance_carried, total_due = excluded.total_due,
          paid_amount = excluded.paid_amount, paid_at = excluded.paid_at
  `.execute(trx);
  await sql`delete from invoice_lines where invoice_id in (select current_id from import_invoices_plan where current_id is not null and lines_changed)`.execute(trx);
  await sql`
    insert into invoice_lines (tenant_id, invoice_id, position, service, quantity, unit, unit_price, sum)
    select ${tenantId}::uuid, i.id, l.position, l.service, l.quantity, l.unit, l.unit_price, l.sum
    from import_invoice_lines l
    join import_invoices_plan p on p.invoice_number = l.invoice_number and (p.current_id is null or p.lines_changed)
    join invoices i on i.tenant_id = ${tenantId} and i.number = l.invoice_number
  `.execute(trx);
  return { invoices };
}

/** The ids of the invoices this import created (after applyInvoices), in number order. */
export async function createdInvoiceIds(trx: Tx, tenantId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select i.id from import_invoices_plan p join invoices i on i.tenant_id = ${tenantId} and i.number = p.invoice_number
    where p.current_id is null order by i.number
  `.execute(trx);
  return rows.map((row) => row.id);
}
