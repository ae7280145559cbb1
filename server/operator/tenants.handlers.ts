/**
 * @module
 * The handlers of the operator's routes (see tenants.routes.ts). Every change is in the tenant's
 * audit log as done by the operator.
 */
import { recordAudit, type AdminAuditAction } from '../audit/audit.repository.ts';
import { apiKeyView, keyExpiry } from '../admin/keys.handlers.ts';
import { insertApiKey } from '../admin/api-keys.repository.ts';
import type { AppDeps } from '../deps.ts';
import type { Tx } from '../db/database.ts';
import type { Tenant } from '../db/types.ts';
import { conflict, notFound } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { requireOperator } from './operator-auth.ts';
import { operatorFileRoutes } from './files.handlers.ts';
import { findTenantBySlug, insertTenant, listTenants, updateTenant } from './tenants.repository.ts';
import { createTenantKeyRoute, createTenantRoute, createTenantStaffRoute, getTenantRoute, listTenantsRoute, updateTenantRoute } from './tenants.routes.ts';
import { openStaffAccount, prepareStaffAccount } from '../staff/staff-accounts.ts';

export function tenantView(tenant: Tenant) {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    timeZone: tenant.time_zone,
    defaultLanguage: tenant.default_language,
    allowedOrigins: tenant.allowed_origins,
    windowRule: tenant.reading_window,
    disabled: tenant.disabled_at !== null,
    createdAt: tenant.created_at.toISOString(),
  };
}

const operatorAudit = (trx: Tx, tenantId: string, action: AdminAuditAction, details: Record<string, unknown>, at: Date, target = { type: 'tenant', id: tenantId }) =>
  recordAudit(trx, { tenantId, actorId: null, actorKind: 'operator', action, target, details, at });

export function operatorRouter(deps: AppDeps) {
  const router = createRouter();
  router.use('*', requireOperator(deps.config.operatorToken));
  // The tenants table is the owner's; a tenant's first key, its staff and the audit entries are
  // rows of that tenant, written in the system scope (migration 0097).
  const db = deps.database.db;

  router.openapi(createTenantRoute, async (c) => {
    const body = c.req.valid('json');
    const now = c.get('clock').now();
    const created = await deps.database.withSystem(async (trx) => {
      const tenant = await insertTenant(trx, body, now);
      if (!tenant) throw conflict('slug_taken', 'A tenant with this slug exists already.', { slug: 'taken' });
      const key = await insertApiKey(trx, { tenantId: tenant.id, name: 'First key', scopes: ['read', 'write'], expiresAt: null, now });
      await operatorAudit(trx, tenant.id, 'admin.tenant.created', { slug: tenant.slug, name: tenant.name }, now);
      await operatorAudit(trx, tenant.id, 'admin.key.created', { name: key.row.name, scopes: key.row.scopes }, now, { type: 'api_key', id: key.row.id });
      return { tenant: tenantView(tenant), apiKey: { key: apiKeyView(key.row, now), secret: key.secret } };
    });
    deps.tenantDirectory?.forget(body.slug);
    return c.json(created, 201);
  });

  router.openapi(listTenantsRoute, async (c) => c.json({ tenants: (await listTenants(db)).map(tenantView) }, 200));

  router.openapi(getTenantRoute, async (c) => {
    const tenant = await findTenantBySlug(db, c.req.valid('param').slug);
    if (!tenant) throw notFound();
    return c.json({ tenant: tenantView(tenant) }, 200);
  });

  router.openapi(updateTenantRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const changes = c.req.valid('json');
    const now = c.get('clock').now();
    const tenant = await deps.database.withSystem(async (trx) => {
      const found = await findTenantBySlug(trx, slug);
      if (!found) throw notFound();
      const updated = await updateTenant(trx, found.id, changes, now);
      await operatorAudit(trx, found.id, 'admin.tenant.updated', { fields: Object.keys(changes) }, now);
      return updated;
    });
    // This instance sees the change at once; others within the directory's few seconds.
    deps.tenantDirectory?.forget(slug);
    return c.json({ tenant: tenantView(tenant) }, 200);
  });

  router.openapi(createTenantKeyRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const body = c.req.valid('json');
    const now = c.get('clock').now();
    const created = await deps.database.withSystem(async (trx) => {
      const tenant = await findTenantBySlug(trx, slug);
      if (!tenant) throw notFound();
      const key = await insertApiKey(trx, { tenantId: tenant.id, name: body.name, scopes: body.scopes, expiresAt: keyExpiry(body.expiresAt, now), now });
      await operatorAudit(trx, tenant.id, 'admin.key.created', { name: key.row.name, scopes: key.row.scopes }, now, { type: 'api_key', id: key.row.id });
      return { key: apiKeyView(key.row, now), secret: key.secret };
    });
    return c.json(created, 201);
  });

  router.openapi(createTenantStaffRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const prepared = await prepareStaffAccount(c.req.valid('json'));
    const now = c.get('clock').now();
    const created = await deps.database.withSystem(async (trx) => {
      const tenant = await findTenantBySlug(trx, slug);
      if (!tenant) throw notFound();
      const result = await openStaffAccount(trx, tenant, prepared, now);
      await operatorAudit(trx, tenant.id, 'admin.staff.created', { email: result.staff.email, role: result.staff.role }, now, { type: 'staff', id: result.staff.id });
      return result;
    });
    return c.json(created, 201);
  });

  operatorFileRoutes(deps, router);
  return router;
}
