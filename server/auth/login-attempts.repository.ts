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

const toCounter = (row: { failures: number; lockouts: number; last_failure: Date; locked_until: Date | null } | undefined): AttemptCounter =>
  row ? { failures: row.failures, lockouts: row.lockouts, lastFailure: row.last_failure, lockedUntil: row.locked_until } : EMPTY_COUNTER;

/** A subject's two counters, the (email, client) pair's and the email's, in one statement. */
export async function findCounters(trx: Tx, tenantId: string, pairKey: string, email: string): Promise<{ pair: AttemptCounter; email: AttemptCounter; any: boolean }> {
  const rows = await trx
    .selectFrom('login_attempts')
    .select(['scope', 'failures', 'lockouts', 'last_failure', 'locked_until'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb.and([eb('scope', '=', 'email_client'), eb('key', '=', pairKey)]), eb.and([eb('scope', '=', 'email'), eb('key', '=', email)])]))
    .execute();
  return {
    pair: toCounter(rows.find((r) => r.scope === 'email_client')),
    email: toCounter(rows.find((r) => r.scope === 'email')),
    any: rows.length > 0,
  };
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

/** Deletes a subject's two counters, the (email, client) pair's and the email's, in one statement. */
export async function clearCounters(trx: Tx, tenantId: string, pairKey: string, email: string): Promise<void> {
  await trx
    .deleteFrom('login_attempts')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb.and([eb('scope', '=', 'email_client'), eb('key', '=', pairKey)]), eb.and([eb('scope', '=', 'email'), eb('key', '=', email)])]))
    .execute();
}

/** Clears every counter of an email: its own and each (email, client) pair's. */
export async function clearCountersOfEmail(trx: Tx, tenantId: string, email: string): Promise<void> {
  await trx.deleteFrom('login_attempts').where('tenant_id', '=', tenantId).where('email', '=', email).execute();
}
