/**
 * @module
 * Started logins (oidc_flows) and one-time codes (oidc_handoffs). Each is consumed by one
 * conditional UPDATE (`used_at is null`), so of two concurrent uses exactly one wins; looked up by
 * its primary key, the hash of the random value only its holder knows.
 */
import type { Insertable } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { OidcFlowsTable, OidcHandoffsTable } from '../db/types.ts';
import { findProviderById } from './providers.repository.ts';

export const insertFlow = (trx: Tx, values: Insertable<OidcFlowsTable>) => trx.insertInto('oidc_flows').values(values).execute();

/** The login this state started, for this provider, unused and unexpired, now used; with its provider. */
export async function consumeFlow(trx: Tx, tenantId: string, providerId: string, stateHash: string, now: Date) {
  const flow = await trx
    .updateTable('oidc_flows')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('tenant_id', '=', tenantId)
    .where('provider_id', '=', providerId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['nonce', 'code_verifier', 'opener_origin', 'remember', 'return_to', 'provider_id'])
    .executeTakeFirst();
  if (!flow) return undefined;
  const provider = await findProviderById(trx, tenantId, flow.provider_id);
  return provider?.enabled ? { ...flow, provider } : undefined;
}

export const insertHandoff = (trx: Tx, values: Insertable<OidcHandoffsTable>) => trx.insertInto('oidc_handoffs').values(values).execute();

/** The one-time code's user, when the code is unused, unexpired and presented from its origin; now used. */
export async function consumeHandoff(trx: Tx, tenantId: string, codeHash: string, origin: string, now: Date) {
  const handoff = await trx
    .updateTable('oidc_handoffs')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('tenant_id', '=', tenantId)
    .where('opener_origin', '=', origin)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'remember'])
    .executeTakeFirst();
  if (!handoff) return undefined;
  const user = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'language', 'must_change_password'])
    .where('id', '=', handoff.user_id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return user ? { user, remember: handoff.remember } : undefined;
}
