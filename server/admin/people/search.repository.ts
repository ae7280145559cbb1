/**
 * @module
 * The console's resident search (GET /admin/resident-search): premises whose address, account
 * number or externalRef, whose customer (name, email) or one of whose people with a grant (name,
 * email) has every word as the start of one of its words. Each of the three is answered by its own
 * GIN index (migration 0088: the expressions here are exactly the indexed ones), their premise
 * ids are united, and the page is taken in address order with a (label, id) keyset. Then one more
 * indexed query brings the page's people. Runs in the admin transaction: the explicit tenant
 * filters here and row-level security both keep it inside the tenant.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { GrantRole } from '../../db/types.ts';

type UserStatus = 'pending' | 'active' | 'disabled';

const PREMISE_TEXT = sql`to_tsvector('simple'::regconfig, translate(p.label || ' ' || p.account_number || ' ' || coalesce(p.external_ref, ''), '-/', '  '))`;
const USER_TEXT = sql`to_tsvector('simple'::regconfig, translate(u.name || ' ' || u.email, '-/', '  '))`;
const CUSTOMER_TEXT = sql`to_tsvector('simple'::regconfig, translate(c.name || ' ' || coalesce(c.email, ''), '-/', '  '))`;

export interface SearchPremiseRow {
  id: string;
  external_ref: string | null;
  label: string;
  account_number: string;
  building_address: string;
  building_city: string | null;
  holder: string | null;
}

export interface SearchPersonRow {
  premise_id: string;
  user_id: string;
  name: string;
  email: string;
  role: GrantRole;
  user_status: UserStatus;
  expires_at: Date | null;
}

/** `limit + 1` matching premises after the (label, id) `after`, in address order. */
export async function searchPremises(
  trx: Tx,
  query: { tenantId: string; tsquery: string; after?: { label: string; id: string } | undefined; limit: number },
): Promise<SearchPremiseRow[]> {
  const { tenantId } = query;
  const q = sql`to_tsquery('simple'::regconfig, ${query.tsquery})`;
  const { rows } = await sql<SearchPremiseRow>`
    with matched as (
      select p.id from premises p where p.tenant_id = ${tenantId} and ${PREMISE_TEXT} @@ ${q}
      union
      select g.premise_id from users u join grants g on g.user_id = u.id and g.tenant_id = ${tenantId}
      where u.tenant_id = ${tenantId} and ${USER_TEXT} @@ ${q}
      union
      select p.id from customers c join premises p on p.customer_id = c.id and p.tenant_id = ${tenantId}
      where c.tenant_id = ${tenantId} and ${CUSTOMER_TEXT} @@ ${q}
    )
    select p.id, p.external_ref, p.label, p.account_number, b.address as building_address, b.city as building_city, c.name as holder
    from matched
    join premises p on p.id = matched.id and p.tenant_id = ${tenantId}
    join buildings b on b.id = p.building_id
    left join customers c on c.id = p.customer_id
    ${query.after ? sql`where (p.label, p.id) > (${query.after.label}, ${query.after.id}::uuid)` : sql``}
    order by p.label, p.id
    limit ${query.limit + 1}`.execute(trx);
  return rows;
}

/** Everyone with a grant on these premises (expired ones too), owners first. */
export async function peopleOfPremises(trx: Tx, tenantId: string, premiseIds: readonly string[]): Promise<SearchPersonRow[]> {
  if (premiseIds.length === 0) return [];
  return trx
    .selectFrom('grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.premise_id', 'u.id as user_id', 'u.name', 'u.email', 'g.role', 'u.status as user_status', 'g.expires_at'])
    .where('g.tenant_id', '=', tenantId)
    .where('g.premise_id', 'in', premiseIds)
    .orderBy('g.premise_id')
    .orderBy(sql`case g.role when 'owner' then 0 when 'proxy' then 1 else 2 end`)
    .orderBy('u.name')
    .execute();
}
