/**
 * @module
 * Accounts, premises and grants as the manager's routes read and write them. Every function runs
 * in the admin transaction (admin-caller.ts withAdmin), so row-level security keeps it inside the
 * tenant even where no tenant filter is written: another manager's ids are simply not found.
 */
import type { Tx } from '../../db/database.ts';
import type { GrantRole, Right } from '../../db/types.ts';
import { isUuid } from '../../http/ids.ts';
import type { GrantTerms } from './grant-rules.ts';

const USER_COLUMNS = [
  'id',
  'email',
  'name',
  'phone',
  'language',
  'status',
  'must_change_password',
  'email_confirmed_at',
  'personal_code_hash',
  'created_at',
  'updated_at',
] as const;

export interface NewAccount {
  tenantId: string;
  /** Already in the normal form of mail/address.ts. */
  email: string;
  name: string;
  phone: string | null;
  language: 'lv' | 'en' | 'ru';
  /** Set with a temporary password (active, must change it); null for an invited, pending account. */
  passwordHash: string | null;
  now: Date;
}

export function insertAccount(trx: Tx, account: NewAccount) {
  const temporary = account.passwordHash !== null;
  return trx
    .insertInto('users')
    .values({
      tenant_id: account.tenantId,
      email: account.email,
      name: account.name,
      phone: account.phone,
      language: account.language,
      password_hash: account.passwordHash,
      status: temporary ? 'active' : 'pending',
      must_change_password: temporary,
      email_preferences: JSON.stringify({ readingReminders: true, invoicesByEmail: false, newNotices: true, managerReplies: true }),
      created_at: account.now,
      updated_at: account.now,
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

export type AccountRow = Awaited<ReturnType<typeof insertAccount>>;

export function findAccount(trx: Tx, userId: string): Promise<AccountRow | undefined> {
  if (!isUuid(userId)) return Promise.resolve(undefined);
  return trx.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
}

/** The account with this email, compared exactly: `email` must be in the stored normal form. */
export function findAccountByEmail(trx: Tx, email: string) {
  return trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
}

/** `limit + 1` accounts after `afterId` in id order, optionally only the one with `email` (normal form). */
export function listAccounts(trx: Tx, page: { email?: string | undefined; afterId?: string | undefined; limit: number }) {
  let query = trx.selectFrom('users').select(USER_COLUMNS).orderBy('id').limit(page.limit + 1);
  if (page.email !== undefined) query = query.where('email', '=', page.email);
  if (page.afterId !== undefined) query = query.where('id', '>', page.afterId);
  return query.execute();
}

/** The premise whose externalRef is `ref`, or else whose id it is. */
export async function findPremiseByRef(trx: Tx, ref: string) {
  const columns = ['id', 'external_ref', 'label'] as const;
  const byRef = await trx.selectFrom('premises').select(columns).where('external_ref', '=', ref).executeTakeFirst();
  if (byRef || !isUuid(ref)) return byRef;
  return trx.selectFrom('premises').select(columns).where('id', '=', ref.toLowerCase()).executeTakeFirst();
}

/** A grant with the premise and the person it belongs to, as the admin routes show it. */
export interface GrantRow {
  id: string;
  role: GrantRole;
  rights: Right[];
  authorization_ref: string | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  premise_id: string;
  premise_external_ref: string | null;
  premise_label: string;
  user_id: string;
  user_email: string;
  user_name: string;
  user_status: 'pending' | 'active' | 'disabled';
}

function grantsWithPeople(trx: Tx) {
  return trx
    .selectFrom('grants as g')
    .innerJoin('premises as p', 'p.id', 'g.premise_id')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select([
      'g.id',
      'g.role',
      'g.rights',
      'g.authorization_ref',
      'g.expires_at',
      'g.created_at',
      'g.updated_at',
      'p.id as premise_id',
      'p.external_ref as premise_external_ref',
      'p.label as premise_label',
      'u.id as user_id',
      'u.email as user_email',
      'u.name as user_name',
      'u.status as user_status',
    ]);
}

export function findGrant(trx: Tx, premiseId: string, userId: string): Promise<GrantRow | undefined> {
  return grantsWithPeople(trx).where('g.premise_id', '=', premiseId).where('g.user_id', '=', userId).executeTakeFirst();
}

/** `limit + 1` grants of the premise or of the user after `afterId`, in id order. */
export function listGrants(trx: Tx, of: { premiseId: string } | { userId: string }, page: { afterId?: string | undefined; limit: number }): Promise<GrantRow[]> {
  let query = grantsWithPeople(trx).orderBy('g.id').limit(page.limit + 1);
  query = 'premiseId' in of ? query.where('g.premise_id', '=', of.premiseId) : query.where('g.user_id', '=', of.userId);
  if (page.afterId !== undefined) query = query.where('g.id', '>', page.afterId);
  return query.execute();
}

/** Creates the grant, or turns the one the user holds on the premise (any role) into these terms. */
export async function saveGrant(trx: Tx, values: { tenantId: string; premiseId: string; userId: string; terms: GrantTerms; now: Date }): Promise<string> {
  const { terms, now } = values;
  const set = { role: terms.role, rights: [] as Right[], granted_by: null, authorization_ref: terms.authorizationRef, expires_at: terms.expiresAt, updated_at: now };
  const row = await trx
    .insertInto('grants')
    .values({ tenant_id: values.tenantId, premise_id: values.premiseId, user_id: values.userId, ...set, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'premise_id']).doUpdateSet(set))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteGrant(trx: Tx, grantId: string): Promise<void> {
  await trx.deleteFrom('grants').where('id', '=', grantId).execute();
}

/** Sets (or with null clears) the account's personal code hash; the row after, or undefined when not this tenant's. */
export function setAccountPersonalCode(trx: Tx, tenantId: string, userId: string, hash: string | null, now: Date): Promise<AccountRow | undefined> {
  if (!isUuid(userId)) return Promise.resolve(undefined);
  return trx.updateTable('users').set({ personal_code_hash: hash, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', userId).returning(USER_COLUMNS).executeTakeFirst();
}

/** Another account of the tenant with this personal code hash (a strong login would not know which one). */
export function findOtherAccountWithCode(trx: Tx, tenantId: string, userId: string, hash: string) {
  return trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('personal_code_hash', '=', hash).where('id', '!=', userId).executeTakeFirst();
}
