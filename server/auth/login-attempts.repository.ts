/**
 * @module
 * Storage of the lockout counters (table login_attempts). The rules live in lockout.ts.
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

export async function saveCounter(trx: Tx, tenantId: string, scope: AttemptScope, key: string, counter: AttemptCounter): Promise<void> {
  const values = {
    failures: counter.failures,
    lockouts: counter.lockouts,
    last_failure: counter.lastFailure ?? new Date(0),
    locked_until: counter.lockedUntil,
  };
  await trx
    .insertInto('login_attempts')
    .values({ tenant_id: tenantId, scope, key, ...values })
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
