/**
 * @module
 * The period at a glance (GET /admin/readings/summary): per building, how many premises owe the
 * period readings, how many have submitted them all, and how many have not. "Owes" is the rule of
 * missing-readings.repository.ts: a meter owes the period when it was in place at the period's
 * end (installed by then, or installation not recorded, and not removed by then); a premise owes
 * when it has at least one such meter, and has submitted when every one of them has a current
 * reading for the period. One set-based query: the tenant's meters through meters_premise, their
 * readings through readings_current (tenant_id, meter_id, period), grouped by premise and then by
 * building; buildings with nothing owed are listed with zeros.
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

export async function readingsSummaryByBuilding(trx: Tx, query: { tenantId: string; period: string; periodEnd: string }): Promise<BuildingReadingSummary[]> {
  const { tenantId, period, periodEnd } = query;
  const { rows } = await sql<{ building_ref: string | null; address: string; owing: number | string; submitted: number | string }>`
    with premise_state as (
      select p.building_id, bool_and(r.meter_id is not null) as submitted
      from premises p
      join meters m on m.tenant_id = p.tenant_id and m.premise_id = p.id
        and (m.installed_at is null or m.installed_at <= ${periodEnd})
        and (m.removed_at is null or m.removed_at > ${periodEnd})
      left join readings r on r.tenant_id = m.tenant_id and r.meter_id = m.id and r.period = ${period} and r.is_current
      where p.tenant_id = ${tenantId}
      group by p.id, p.building_id
    )
    select b.external_ref as building_ref, b.address,
           count(s.building_id)::int as owing,
           count(*) filter (where s.submitted)::int as submitted
    from buildings b
    left join premise_state s on s.building_id = b.id
    where b.tenant_id = ${tenantId}
    group by b.id, b.external_ref, b.address
    order by b.address, b.id`.execute(trx);
  return rows.map((row) => {
    const owing = Number(row.owing);
    const submitted = Number(row.submitted);
    return { buildingRef: row.building_ref, address: row.address, owing, submitted, missing: owing - submitted };
  });
}
