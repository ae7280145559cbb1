/**
 * @module
 * Hashes the personal codes that were stored in plain text before migration 0020. SQL cannot do
 * it (the key is not the database's to know), so the application does it on start, after the
 * migrations, in one transaction on the owner's connection (every tenant at once, row-level
 * security does not apply): each plain code becomes its keyed hash and hint, and the plain column
 * is emptied in the same statement. Two instances starting together both try; the row locks make
 * the second find nothing left to do.
 *
 * A plain code that is not a valid personal code (a typo in an old import) is hashed as it was
 * written, without spaces: it can never match a strong login's code, which is valid, but nothing
 * about the row is lost either. It gets no hint.
 */
import { sql } from 'kysely';
import type { DatabaseHandle, Tx } from '../db/database.ts';
import type { PersonalCodeKey } from './personal-code-key.ts';
import { normalizePersonalCode, personalCodeHint } from './personal-code.ts';

export interface PlainCodesHashed {
  customers: number;
  users: number;
  /** Of those, codes that were not valid personal codes. */
  invalid: number;
}

export async function hashPlainPersonalCodes(database: DatabaseHandle, key: PersonalCodeKey): Promise<PlainCodesHashed> {
  return database.withSystem(async (trx) => {
    const customers = await hashTable(trx, key, 'customers');
    const users = await hashTable(trx, key, 'users');
    return { customers: customers.rows, users: users.rows, invalid: customers.invalid + users.invalid };
  });
}

async function hashTable(trx: Tx, key: PersonalCodeKey, table: 'customers' | 'users') {
  const rows = await trx.selectFrom(table).select(['id', 'personal_code']).where('personal_code', 'is not', null).forUpdate().execute();
  if (rows.length === 0) return { rows: 0, invalid: 0 };
  let invalid = 0;
  const ids: string[] = [];
  const hashes: string[] = [];
  const hints: Array<string | null> = [];
  for (const row of rows) {
    const normal = normalizePersonalCode(row.personal_code!);
    if (normal === undefined) invalid += 1;
    ids.push(row.id);
    hashes.push(key.hash(normal ?? row.personal_code!.replace(/\s/g, '')));
    hints.push(normal === undefined ? null : personalCodeHint(normal));
  }
  const setHint = table === 'customers' ? sql`, personal_code_hint = v.hint` : sql``;
  await sql`
    update ${sql.table(table)} t set personal_code_hash = v.hash, personal_code = null${setHint}
    from unnest(${ids}::uuid[], ${hashes}::text[], ${hints}::text[]) as v(id, hash, hint)
    where t.id = v.id`.execute(trx);
  return { rows: rows.length, invalid };
}
