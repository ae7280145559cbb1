/**
 * @module
 * Who a strong login is. The provider proves an identity (issuer, subject) and a personal code;
 * this file decides which account that is, and makes one when the manager's customer list says
 * the person is a contract holder. Accounts are linked by personal code, never by email: an email
 * says only who can read a mailbox, a bank login says who the person is.
 *
 * 1. An identity seen before opens the account it was linked to.
 * 2. Otherwise an account whose personal code is this one (a password account registered as a
 *    customer, a proxy the manager created with its code) is linked to the identity and opened:
 *    the strong login itself is the proof.
 * 3. Otherwise a customer with this code gets a new account, owner of every premise of that
 *    customer, with no invoice proof needed (registration by bank login, as at Ogre).
 * 4. Otherwise nothing is created: the person is not in the manager's list.
 *
 * Codes are compared as their keyed hashes, by `=` on the (tenant_id, personal_code_hash) indexes.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import type { PersonalCodeKey } from '../personal-codes/personal-code-key.ts';
import { normalizePersonalCode } from '../personal-codes/personal-code.ts';

export type StrongLoginRefusal = 'personal_code_missing' | 'personal_code_not_found' | 'personal_code_ambiguous' | 'account_disabled';

export type StrongLoginResult = { ok: true; userId: string; created: boolean } | { ok: false; code: StrongLoginRefusal };

export interface StrongIdentity {
  tenantId: string;
  issuer: string;
  subject: string;
  /** The claim's value as the provider sent it (a string, maybe "PNOLV-…"), or undefined. */
  personalCode: unknown;
  now: Date;
}

export async function resolveStrongLogin(trx: Tx, key: PersonalCodeKey, identity: StrongIdentity): Promise<StrongLoginResult> {
  const { tenantId, issuer, subject, now } = identity;
  const linked = await trx
    .selectFrom('external_identities as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['u.id', 'u.status'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.issuer', '=', issuer)
    .where('e.subject', '=', subject)
    .executeTakeFirst();
  if (linked) return linked.status === 'disabled' ? { ok: false, code: 'account_disabled' } : { ok: true, userId: linked.id, created: false };

  const normal = typeof identity.personalCode === 'string' ? normalizePersonalCode(identity.personalCode) : undefined;
  if (normal === undefined) return { ok: false, code: 'personal_code_missing' };
  const hash = key.hash(normal);

  const accounts = await trx.selectFrom('users').select(['id', 'status']).where('tenant_id', '=', tenantId).where('personal_code_hash', '=', hash).limit(2).execute();
  if (accounts.length > 1) return { ok: false, code: 'personal_code_ambiguous' };
  const account = accounts[0];
  if (account) {
    if (account.status === 'disabled') return { ok: false, code: 'account_disabled' };
    // A pending account (invited, never logged in) is activated: the bank has vouched for the person.
    if (account.status === 'pending') await trx.updateTable('users').set({ status: 'active', updated_at: now }).where('id', '=', account.id).execute();
    await linkIdentity(trx, tenantId, account.id, issuer, subject, now);
    return { ok: true, userId: account.id, created: false };
  }

  const customers = await trx
    .selectFrom('customers')
    .select(['id', 'name', 'email', 'phone'])
    .where('tenant_id', '=', tenantId)
    .where('personal_code_hash', '=', hash)
    .orderBy('id')
    .execute();
  const customer = customers[0];
  if (!customer) return { ok: false, code: 'personal_code_not_found' };

  const userId = await createStrongAccount(trx, tenantId, customer, hash, now);
  for (const { id } of customers) {
    const premises = await trx.selectFrom('premises').select('id').where('customer_id', '=', id).execute();
    if (premises.length === 0) continue;
    await trx
      .insertInto('grants')
      .values(premises.map((premise) => ({ tenant_id: tenantId, user_id: userId, premise_id: premise.id, role: 'owner' as const, rights: [] })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await linkIdentity(trx, tenantId, userId, issuer, subject, now);
  return { ok: true, userId, created: true };
}

/**
 * The account of a customer who registered by bank login. It takes the customer's email from the
 * manager's list when no other account of the tenant has it; otherwise (or without one) it gets an
 * address under the reserved `.invalid` domain, which nothing is ever sent to, until the resident
 * sets one in the profile.
 */
async function createStrongAccount(trx: Tx, tenantId: string, customer: { id: string; name: string; email: string | null; phone: string | null }, hash: string, now: Date) {
  const listed = customer.email?.trim().toLowerCase() || undefined;
  const taken = listed ? await trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('email', '=', listed).executeTakeFirst() : undefined;
  const email = listed && !taken ? listed : `strong-${randomUUID()}@doorstep.invalid`;
  const user = await trx
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      email,
      password_hash: null,
      name: customer.name,
      phone: customer.phone,
      personal_code_hash: hash,
      customer_id: customer.id,
      status: 'active',
      email_preferences: JSON.stringify({ readingReminders: true, invoicesByEmail: false, newNotices: true, managerReplies: true }),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return user.id;
}

async function linkIdentity(trx: Tx, tenantId: string, userId: string, issuer: string, subject: string, now: Date) {
  await trx
    .insertInto('external_identities')
    .values({ tenant_id: tenantId, user_id: userId, issuer, subject, created_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'issuer', 'subject']).doNothing())
    .execute();
}
