/**
 * @module
 * Who has not submitted (GET /admin/readings/missing): premises with at least one meter that owes
 * a reading for the period and has no current one. A meter owes one when it was in place at the
 * period's end: installed by then (or installation not recorded) and not removed by then, so the
 * meter that replaced another mid-month owes the month, and the one it replaced does not.
 * Paged by premise id (admin/pagination.ts); each page is an index range over premises, and each
 * premise's meters are looked at through their own indexes.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { MeterKind } from '../../db/types.ts';

export interface MissingMeter {
  externalRef: string | null;
  serialNumber: string;
  kind: MeterKind;
  location: string;
}

export interface MissingPremiseRow {
  id: string;
  external_ref: string | null;
  label: string;
  account_number: string;
  building_ref: string | null;
  meters: MissingMeter[];
}

export async function premisesMissingReadings(
  trx: Tx,
  query: { tenantId: string; period: string; periodEnd: string; buildingId?: string | undefined; afterId?: string | undefined; limit: number },
): Promise<MissingPremiseRow[]> {
  const { tenantId, period, periodEnd } = query;
  const { rows } = await sql<MissingPremiseRow>`
    select p.id, p.external_ref, p.label, p.account_number, b.external_ref as building_ref, owing.meters
    from premises p
    join buildings b on b.id = p.building_id
    cross join lateral (
      select json_agg(json_build_object('externalRef', m.external_ref, 'serialNumber', m.serial_number, 'kind', m.kind, 'location', m.location)
                      order by m.kind, m.location, m.serial_number, m.id) as meters
      from meters m
      where m.tenant_id = ${tenantId} and m.premise_id = p.id
        and (m.installed_at is null or m.installed_at <= ${periodEnd})
        and (m.removed_at is null or m.removed_at > ${periodEnd})
        and not exists (
          select 1 from readings r where r.tenant_id = ${tenantId} and r.meter_id = m.id and r.period = ${period} and r.is_current
        )
    ) owing
    where p.tenant_id = ${tenantId}
      and owing.meters is not null
      ${query.buildingId ? sql`and p.building_id = ${query.buildingId}` : sql``}
      ${query.afterId ? sql`and p.id > ${query.afterId}` : sql``}
    order by p.id
    limit ${query.limit + 1}`.execute(trx);
  return rows.map((row) => ({ ...row, meters: typeof row.meters === 'string' ? (JSON.parse(row.meters) as MissingMeter[]) : row.meters }));
}
