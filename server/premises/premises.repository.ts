/**
 * @module
 * Premises as a user reaches them through grants.
 */
import type { Tx } from '../db/database.ts';
import type { GrantRole, Right } from '../db/types.ts';
import type { Grant } from '../rights/rights.ts';

/** The user's grants that are in force at `now`: an expired one (a proxy's authorisation ran out) opens nothing. */
export async function grantsOfUser(trx: Tx, userId: string, now: Date): Promise<Grant[]> {
  const rows = await trx
    .selectFrom('grants')
    .select(['premise_id', 'role', 'rights'])
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  return rows.map((row) => ({ premiseId: row.premise_id, role: row.role, rights: row.rights }));
}

export interface PremiseOfUser {
  id: string;
  label: string;
  account_number: string;
  building_id: string;
  building_address: string;
  building_city: string | null;
  role: GrantRole;
  rights: Right[];
}

/** The premises a user reaches through grants in force at `now`, by label. */
export function premisesOfUser(trx: Tx, userId: string, now: Date): Promise<PremiseOfUser[]> {
  return trx
    .selectFrom('grants as g')
    .innerJoin('premises as p', 'p.id', 'g.premise_id')
    .innerJoin('buildings as b', 'b.id', 'p.building_id')
    .select(['p.id', 'p.label', 'p.account_number', 'b.id as building_id', 'b.address as building_address', 'b.city as building_city', 'g.role', 'g.rights'])
    .where('g.user_id', '=', userId)
    .where((eb) => eb.or([eb('g.expires_at', 'is', null), eb('g.expires_at', '>', now)]))
    .orderBy('p.label')
    .execute();
}
