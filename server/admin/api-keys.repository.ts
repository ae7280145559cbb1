/**
 * @module
 * Tenant API keys in the database. Every function runs inside the tenant's transaction, so
 * row-level security keeps one tenant's keys out of another's reach even if a filter were lost.
 */
import type { Tx } from '../db/database.ts';
import type { ApiKeyScope } from '../db/types.ts';
import { newApiKeySecret } from './api-keys.ts';

const KEY_COLUMNS = ['id', 'name', 'prefix', 'scopes', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'] as const;

export async function insertApiKey(
  trx: Tx,
  key: { tenantId: string; name: string; scopes: readonly ApiKeyScope[]; expiresAt: Date | null; now: Date },
) {
  const secret = await newApiKeySecret();
  const row = await trx
    .insertInto('api_keys')
    .values({
      tenant_id: key.tenantId,
      name: key.name,
      prefix: secret.prefix,
      secret_hash: secret.hash,
      scopes: [...new Set(key.scopes)].sort(),
      created_at: key.now,
      expires_at: key.expiresAt,
    })
    .returning(KEY_COLUMNS)
    .executeTakeFirstOrThrow();
  return { row, secret: secret.secret };
}

export const listApiKeys = (trx: Tx) => trx.selectFrom('api_keys').select(KEY_COLUMNS).orderBy('created_at').orderBy('id').execute();

export const findApiKey = (trx: Tx, id: string) => trx.selectFrom('api_keys').select(KEY_COLUMNS).where('id', '=', id).executeTakeFirst();

/** The key with this hash, whatever its state: the caller decides whether it is still good. */
export const findApiKeyByHash = (trx: Tx, hash: string) =>
  trx.selectFrom('api_keys').select([...KEY_COLUMNS, 'tenant_id']).where('secret_hash', '=', hash).executeTakeFirst();

/** Revokes a live key; false when there is no such key or it was already revoked. */
export async function revokeApiKey(trx: Tx, id: string, now: Date): Promise<boolean> {
  const result = await trx.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Remembers when a key was last used, at most once a minute per key: a billing system pulling
 * every few seconds must not turn each read into a write.
 */
export async function touchApiKey(trx: Tx, id: string, now: Date): Promise<void> {
  const staleBefore = new Date(now.getTime() - 60_000);
  await trx
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];
