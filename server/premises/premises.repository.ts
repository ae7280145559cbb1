/**
 * @module
 * Premises as a user reaches them through grants.
 */
import type { Tx } from '../db/database.ts';
import type { Grant } from '../rights/rights.ts';

export async function grantsOfUser(trx: Tx, userId: string): Promise<Grant[]> {
  const rows = await trx.selectFrom('grants').select(['premise_id', 'role', 'rights']).where('user_id', '=', userId).execute();
  return rows.map((row) => ({ premiseId: row.premise_id, role: row.role, rights: row.rights }));
}

export async function premisesOfUser(trx: Tx, userId: string) {
  return trx
    .selectFrom('grants as g')
    .innerJoin('premises as p', 'p.id', 'g.premise_id')
    .innerJoin('buildings as b', 'b.id', 'p.building_id')
    .select(['p.id', 'p.label', 'p.account_number', 'b.id as building_id', 'b.address as building_address', 'b.city as building_city', 'g.role', 'g.rights'])
    .where('g.user_id', '=', userId)
    .orderBy('p.label')
    .execute();
}
