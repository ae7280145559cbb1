/**
 * @module
 * A tenant's OpenID Connect providers in the database. Functions take the tenant's transaction
 * first; the (tenant_id, slug) unique index serves every lookup. Lists read a tenant's providers
 * whole: a manager has a handful (its bank, eParaksts, Smart-ID).
 */
import type { Insertable, Updateable } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { OidcProvidersTable } from '../db/types.ts';

const COLUMNS = [
  'id',
  'tenant_id',
  'slug',
  'display_name',
  'icon',
  'issuer',
  'client_id',
  'client_secret_encrypted',
  'scopes',
  'personal_code_claim',
  'enabled',
  'position',
  'created_at',
  'updated_at',
] as const;

export const listProviders = (trx: Tx, tenantId: string) =>
  trx.selectFrom('oidc_providers').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('position').orderBy('slug').execute();

export type ProviderRow = Awaited<ReturnType<typeof listProviders>>[number];

export const findProvider = (trx: Tx, tenantId: string, slug: string, lock = false) =>
  trx
    .selectFrom('oidc_providers')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .$if(lock, (query) => query.forUpdate())
    .executeTakeFirst();

export const insertProvider = (trx: Tx, values: Insertable<OidcProvidersTable>) =>
  trx.insertInto('oidc_providers').values(values).onConflict((oc) => oc.columns(['tenant_id', 'slug']).doNothing()).returning(COLUMNS).executeTakeFirst();

export const updateProvider = (trx: Tx, id: string, set: Updateable<OidcProvidersTable>) =>
  trx.updateTable('oidc_providers').set(set).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();

export const findProviderById = (trx: Tx, tenantId: string, id: string) =>
  trx.selectFrom('oidc_providers').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

/** Deletes the provider (its unfinished logins go with it: ON DELETE CASCADE); the row deleted, if any. */
export const deleteProvider = (trx: Tx, tenantId: string, slug: string) =>
  trx.deleteFrom('oidc_providers').where('tenant_id', '=', tenantId).where('slug', '=', slug).returning(['id', 'issuer']).executeTakeFirst();
