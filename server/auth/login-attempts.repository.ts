/**
 * @module
 * Storage of the lockout counters (table login_attempts). The rules live in lockout.ts.
 *
 * A counter is found by its key (the email, or `email|client` for the pair) and also carries its
 * email as a column of its own, so that all of an email's counters are found with `=` on an index
 * (a LIKE on the key could not use one under row-level security; see migration 0010).
 */
import type { Tx } from '../db/database.ts';
import { type AttemptCounter, type AttemptScope, EMPTY_COUNTER } from './lockout.ts';

export async function findCounter(trx: Tx, tenantId: string, scope: AttemptScope, key: string): Promise<AttemptCounter> {
  const row = await trx
    .selectFrom('login_attempts')
    .select(['failures', 'lockouts', 'last_failure', 'locked_until'])
    .where('tenant_id', '=', tenantId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return EMPTY_COUNTER;
  return { failures: row.failures, lockouts: row.lockouts, lastFailure: row.last_failure, lockedUntil: row.locked_until };
}

export async function saveCounter(trx: Tx, tenantId: string, scope: AttemptScope, key: string, email: string, counter: AttemptCounter): Promise<void> {
  const values = {
    failures: counter.failures,
    lockouts: counter.lockouts,
    last_failure: counter.lastFailure ?? new Date(0),
    locked_until: counter.lockedUntil,
  };
  await trx
    .insertInto('login_attempts')
    .values({ tenant_id: tenantId, scope, key, email, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'scope', 'key']).doUpdateSet(values))
    .execute();
}

export async function clearCounter(trx: Tx, tenantId: string, scope: AttemptScope, key: string): Promise<void> {
  await trx
    .deleteFrom('login_attempts')
    .where('tenant_id', '=', tenantId)
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

/** Clears every counter of an email: its own and each (email, client) pair's. */
export async function clearCountersOfEmail(trx: Tx, tenantId: string, email: string): Promise<void> {
  await trx.deleteFrom('login_attempts').where('tenant_id', '=', tenantId).where('email', '=', email).execute();
}
