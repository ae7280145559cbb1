/**
 * @module
 * What registration and reset read and write besides tokens: the premise and its latest invoices
 * for the proof, accounts by email, the new account with its grants, and the audit trail.
 */
import type { Tx } from '../db/database.ts';
import { PROOF_INVOICES } from './proof.ts';

export async function premiseForProof(trx: Tx, tenantId: string, accountNumber: string) {
  const premise = await trx
    .selectFrom('premises')
    .select(['id', 'customer_id'])
    .where('tenant_id', '=', tenantId)
    .where('account_number', '=', accountNumber)
    .executeTakeFirst();
  if (!premise) return undefined;
  const invoices = await trx
    .selectFrom('invoices')
    .select(['number', 'total_due'])
    .where('premise_id', '=', premise.id)
    .orderBy('issue_date', 'desc')
    .orderBy('created_at', 'desc')
    .limit(PROOF_INVOICES)
    .execute();
  return { ...premise, invoices };
}

/** `email` in the stored normal form (requireEmailAddress): plain `=` is an index lookup. */
export function findAccountByEmail(trx: Tx, tenantId: string, email: string) {
  return trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirst();
}

export interface NewAccount {
  tenantId: string;
  email: string;
  passwordHash: string;
  language: 'lv' | 'en' | 'ru';
  premiseId: string;
  invoicesByEmail: boolean;
  now: Date;
}

/**
 * Creates the confirmed account of a customer and makes it the owner of the proven premise and of
 * every other premise of the same customer (the contract holder's apartments).
 */
export async function createConfirmedAccount(trx: Tx, input: NewAccount): Promise<{ id: string; premiseIds: string[] }> {
  const premise = await trx.selectFrom('premises').select(['id', 'customer_id']).where('id', '=', input.premiseId).executeTakeFirst();
  const customer = premise?.customer_id
    ? await trx.selectFrom('customers').select(['id', 'name', 'phone', 'personal_code_hash']).where('id', '=', premise.customer_id).executeTakeFirst()
    : undefined;
  const user = await trx
    .insertInto('users')
    .values({
      tenant_id: input.tenantId,
      email: input.email,
      password_hash: input.passwordHash,
      name: customer?.name ?? '',
      phone: customer?.phone ?? null,
      language: input.language,
      customer_id: customer?.id ?? null,
      // The contract holder's code, so a later strong login finds this account.
      personal_code_hash: customer?.personal_code_hash ?? null,
      status: 'active',
      email_confirmed_at: input.now,
      password_changed_at: input.now,
      email_preferences: JSON.stringify({ readingReminders: true, invoicesByEmail: input.invoicesByEmail, newNotices: true, managerReplies: true }),
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const premises = customer
    ? await trx.selectFrom('premises').select('id').where('customer_id', '=', customer.id).execute()
    : premise
      ? [{ id: premise.id }]
      : [];
  for (const { id } of premises) {
    await trx
      .insertInto('grants')
      .values({ tenant_id: input.tenantId, user_id: user.id, premise_id: id, role: 'owner', rights: [], created_at: input.now, updated_at: input.now })
      .onConflict((oc) => oc.columns(['user_id', 'premise_id']).doNothing())
      .execute();
  }
  return { id: user.id, premiseIds: premises.map((p) => p.id) };
}

export async function audit(
  trx: Tx,
  entry: { tenantId: string; actorId: string | null; action: string; targetId?: string; details?: Record<string, unknown>; now: Date },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: 'user',
      target_id: entry.targetId ?? entry.actorId,
      details: JSON.stringify(entry.details ?? {}),
      created_at: entry.now,
    })
    .execute();
}
