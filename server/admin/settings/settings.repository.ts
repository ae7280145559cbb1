/**
 * @module
 * The tenant's own row, read and changed from inside its admin transaction. The application role
 * may update only the settings columns, and only of its own row (migration 0004): the slug, the
 * disabled flag and the default language remain the operator's.
 */
import type { Tx } from '../../db/database.ts';
import type { StoredSettings } from './tenant-settings.ts';

/** The tenant as stored now (not the few-seconds-old copy the request was routed by). */
export const findTenantRow = (trx: Tx, tenantId: string) => trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();

/** The same, locked until the transaction ends, so two changes at once take turns and neither is lost. */
export const lockTenantRow = (trx: Tx, tenantId: string) => trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).forUpdate().executeTakeFirstOrThrow();

export function updateTenantSettings(trx: Tx, tenantId: string, set: Partial<StoredSettings>) {
  return trx
    .updateTable('tenants')
    .set({
      ...(set.name !== undefined ? { name: set.name } : {}),
      ...(set.time_zone !== undefined ? { time_zone: set.time_zone } : {}),
      ...(set.allowed_origins !== undefined ? { allowed_origins: set.allowed_origins } : {}),
      ...(set.reading_window !== undefined ? { reading_window: JSON.stringify(set.reading_window) } : {}),
      ...(set.settings !== undefined ? { settings: JSON.stringify(set.settings) } : {}),
    })
    .where('id', '=', tenantId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
