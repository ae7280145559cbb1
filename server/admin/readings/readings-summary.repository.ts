/**
 * @module
 * The period at a glance (GET /admin/readings/summary): per building, how many premises owe the
 * period readings, how many have submitted them all, and how many have not. "Owes" is the rule of
 * missing-readings.repository.ts: a meter owes the period when it was in place at the period's
 * end (installed by then, or installation not recorded, and not removed by then); a premise owes
 * when it has at least one such meter, and has submitted when every one of them has a current
 * reading for the period. One set-based query, every step an index lookup: for each building (at
 * most `limit` + 1 of them, by address; a summary covers the whole tenant by nature, so the cap is
 * what keeps it bounded), its premises through premises_building, each premise's meters through
 * meters_premise, each meter's reading through readings_current (tenant_id, meter_id, period).
 * Buildings with nothing owed are listed with zeros.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';

export interface BuildingReadingSummary {
  buildingRef: string | null;
  address: string;
  owing: number;
  submitted: number;
  missing: number;
}

export async function readingsSummaryByBuilding(trx: Tx, query: { tenantId: string; period: string; periodEnd: string; limit: number }): Promise<BuildingReadingSummary[]> {
  const { tenantId, period, periodEnd } = query;
  const { rows } = await sql<{ building_ref: string | null; address: string; owing: number | string; submitted: number | string }>`
    select b.external_ref as building_ref, b.address, s.owing, s.submitted
    from (
      select id, external_ref, address from buildings
      where tenant_id = ${tenantId}
      order by address, id
      limit ${query.limit + 1}
    ) b
    cross join lateral (
      select count(*)::int as owing, count(*) filter (where o.unread = 0)::int as submitted
      from premises p
      cross join lateral (
        select count(*) as meters,
               count(*) filter (where not exists (
                 select 1 from readings r where r.tenant_id = ${tenantId} and r.meter_id = m.id and r.period = ${period} and r.is_current
               )) as unread
        from meters m
        where m.tenant_id = ${tenantId} and m.premise_id = p.id
          and (m.installed_at is null or m.installed_at <= ${periodEnd})
          and (m.removed_at is null or m.removed_at > ${periodEnd})
      ) o
      where p.tenant_id = ${tenantId} and p.building_id = b.id and o.meters > 0
    ) s
    order by b.address, b.id`.execute(trx);
  return rows.map((row) => {
    const owing = Number(row.owing);
    const submitted = Number(row.submitted);
    return { buildingRef: row.building_ref, address: row.address, owing, submitted, missing: owing - submitted };
  });
}
