/**
 * @module
 * The handlers of the API key routes (see keys.routes.ts).
 */
import type { AppDeps } from '../deps.ts';
import { notFound, unprocessable } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { isUuid } from '../http/ids.ts';
import { withAdmin } from './admin-caller.ts';
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey, type ApiKeyRow } from './api-keys.repository.ts';
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from './keys.routes.ts';

export function apiKeyView(row: ApiKeyRow, now: Date) {
  const status = row.revoked_at ? 'revoked' : row.expires_at && row.expires_at <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  } as const;
}

/** When a new key stops working; refused when that moment has passed already. */
export function keyExpiry(text: string | undefined, now: Date): Date | null {
  const expiresAt = text ? new Date(text) : null;
  if (expiresAt && expiresAt <= now) throw unprocessable('expiry_in_past', 'The key would have expired already.', { expiresAt: 'in_past' });
  return expiresAt;
}

export function keysRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listKeysRoute, async (c) => {
    const keys = await withAdmin(deps, c, async ({ trx, now }) => (await listApiKeys(trx)).map((row) => apiKeyView(row, now)));
    return c.json({ keys }, 200);
  });

  router.openapi(createKeyRoute, async (c) => {
    const body = c.req.valid('json');
    const created = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      const { row, secret } = await insertApiKey(trx, { tenantId, name: body.name, scopes: body.scopes, expiresAt: keyExpiry(body.expiresAt, now), now });
      await audit('admin.key.created', { type: 'api_key', id: row.id }, { name: row.name, scopes: row.scopes });
      return { key: apiKeyView(row, now), secret };
    });
    return c.json(created, 201);
  });

  router.openapi(revokeKeyRoute, async (c) => {
    const { keyId } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, now, audit }) => {
      if (!isUuid(keyId) || !(await findApiKey(trx, keyId))) throw notFound();
      if (await revokeApiKey(trx, keyId, now)) await audit('admin.key.revoked', { type: 'api_key', id: keyId });
    });
    return c.body(null, 204);
  });

  return router;
}
