/**
 * @module
 * Finding the tenant of a /v1/{tenant}/… request by its slug. Tenants change rarely and every
 * request needs one, so lookups are cached for a few seconds.
 */
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TTL_MS = 5_000;

export interface TenantDirectory {
  find(slug: string): Promise<Tenant | undefined>;
  forget(slug?: string): void;
}

export function createTenantDirectory(db: Db): TenantDirectory {
  const cache = new Map<string, { tenant: Tenant | undefined; at: number }>();
  return {
    async find(slug) {
      if (!SLUG.test(slug)) return undefined;
      const hit = cache.get(slug);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.tenant;
      const tenant = await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (cache.size > 1000) cache.clear();
      cache.set(slug, { tenant, at: Date.now() });
      return tenant;
    },
    forget(slug) {
      if (slug) cache.delete(slug);
      else cache.clear();
    },
  };
}

export const tenantNotFound = () => new ApiError(404, 'tenant_not_found', 'There is no such manager here.');

/** Sets c.var.tenant from the path's {tenant}; 404 `tenant_not_found` otherwise. */
export function resolveTenant(directory: TenantDirectory): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const tenant = await directory.find(c.req.param('tenant') ?? '');
    // A tenant the operator disabled is gone for residents and its keys alike.
    if (!tenant || tenant.disabled_at) throw tenantNotFound();
    c.set('tenant', tenant);
    await next();
  };
}
