/**
 * @module
 * Tenants as the operator sees them. The tenants table is not tenant-owned (it is how a tenant is
 * found), so these run on the owner's connection; a new tenant's first API key is written in the
 * same transaction as the tenant, so a tenant never exists without a way in.
 */
import type { Db, Tx } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import type { ReadingWindowRule } from '../readings/window.ts';

export interface TenantChanges {
  name?: string | undefined;
  timeZone?: string | undefined;
  allowedOrigins?: string[] | undefined;
  windowRule?: ReadingWindowRule | undefined;
  defaultLanguage?: 'lv' | 'en' | 'ru' | undefined;
  disabled?: boolean | undefined;
}

export async function insertTenant(trx: Tx, tenant: { slug: string; name: string } & TenantChanges, now: Date): Promise<Tenant | undefined> {
  return trx
    .insertInto('tenants')
    .values({
      slug: tenant.slug,
      name: tenant.name,
      allowed_origins: tenant.allowedOrigins ?? [],
      ...(tenant.timeZone ? { time_zone: tenant.timeZone } : {}),
      ...(tenant.defaultLanguage ? { default_language: tenant.defaultLanguage } : {}),
      ...(tenant.windowRule ? { reading_window: JSON.stringify(tenant.windowRule) } : {}),
      settings: JSON.stringify({}),
      created_at: now,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export const listTenants = (db: Db) => db.selectFrom('tenants').selectAll().orderBy('slug').execute();

export const findTenantBySlug = (db: Db | Tx, slug: string) => db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();

export async function updateTenant(trx: Tx, id: string, changes: TenantChanges, now: Date): Promise<Tenant> {
  return trx
    .updateTable('tenants')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
      ...(changes.allowedOrigins !== undefined ? { allowed_origins: changes.allowedOrigins } : {}),
      ...(changes.windowRule !== undefined ? { reading_window: JSON.stringify(changes.windowRule) } : {}),
      ...(changes.defaultLanguage !== undefined ? { default_language: changes.defaultLanguage } : {}),
      ...(changes.disabled !== undefined ? { disabled_at: changes.disabled ? now : null } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
