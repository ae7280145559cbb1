/**
 * @module
 * The handlers of the identity provider routes (see oidc-providers.routes.ts).
 */
import type { AppDeps } from '../../deps.ts';
import { notFound, unprocessable } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { providerSecretBinding } from '../../oidc/provider-client.ts';
import { deleteProvider, findProvider, insertProvider, listProviders, updateProvider, type ProviderRow } from '../../oidc/providers.repository.ts';
import { withAdmin } from '../admin-caller.ts';
import { deleteOidcProviderRoute, listOidcProvidersRoute, putOidcProviderRoute } from './oidc-providers.routes.ts';

export function providerView(row: ProviderRow, apiOrigin: string, tenantSlug: string) {
  return {
    slug: row.slug,
    displayName: row.display_name,
    icon: row.icon,
    issuer: row.issuer,
    clientId: row.client_id,
    scopes: row.scopes,
    personalCodeClaim: row.personal_code_claim,
    enabled: row.enabled,
    position: row.position,
    redirectUri: `${apiOrigin}/v1/${tenantSlug}/auth/oidc/${row.slug}/callback`,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The API's own origin, as providers redirect back to it: PUBLIC_URL, or the request's. */
export const apiOrigin = (deps: AppDeps, requestUrl: string) => (deps.config.publicUrl ? new URL(deps.config.publicUrl).origin : new URL(requestUrl).origin);

export function oidcProvidersRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listOidcProvidersRoute, async (c) => {
    const rows = await withAdmin(deps, c, ({ trx, tenantId }) => listProviders(trx, tenantId));
    const origin = apiOrigin(deps, c.req.url);
    return c.json({ items: rows.map((row) => providerView(row, origin, c.var.tenant.slug)) }, 200);
  });

  router.openapi(putOidcProviderRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async ({ trx, tenantId, now, audit }) => {
      const sealed = body.clientSecret === undefined ? undefined : deps.secretBox.seal(body.clientSecret, providerSecretBinding(tenantId, slug));
      const fields = {
        display_name: body.displayName,
        icon: body.icon,
        issuer: body.issuer,
        client_id: body.clientId,
        scopes: body.scopes,
        personal_code_claim: body.personalCodeClaim,
        enabled: body.enabled,
        position: body.position,
        updated_at: now,
      };
      const existing = await findProvider(trx, tenantId, slug, true);
      if (existing) {
        const row = await updateProvider(trx, existing.id, { ...fields, ...(sealed ? { client_secret_encrypted: sealed } : {}) });
        await audit('admin.oidc_provider.updated', { type: 'oidc_provider', id: row.id }, { slug, issuer: body.issuer, enabled: body.enabled, secretChanged: sealed !== undefined });
        return { row, created: false };
      }
      if (!sealed) throw unprocessable('client_secret_required', 'A new provider needs its client secret.', { clientSecret: 'required' });
      const row = await insertProvider(trx, { tenant_id: tenantId, slug, ...fields, client_secret_encrypted: sealed, created_at: now });
      if (!row) throw unprocessable('conflict', 'The provider was created at the same moment; send it again.');
      await audit('admin.oidc_provider.created', { type: 'oidc_provider', id: row.id }, { slug, issuer: body.issuer, enabled: body.enabled });
      return { row, created: true };
    });
    const item = providerView(answer.row, apiOrigin(deps, c.req.url), c.var.tenant.slug);
    return answer.created ? c.json({ item }, 201) : c.json({ item }, 200);
  });

  // Linked identities (external_identities: issuer and subject) stay: see deleteOidcProviderRoute.
  router.openapi(deleteOidcProviderRoute, async (c) => {
    const { slug } = c.req.valid('param');
    await withAdmin(deps, c, async ({ trx, tenantId, audit }) => {
      const deleted = await deleteProvider(trx, tenantId, slug);
      if (!deleted) throw notFound();
      await audit('admin.oidc_provider.deleted', { type: 'oidc_provider', id: deleted.id }, { slug, issuer: deleted.issuer });
    });
    return c.body(null, 204);
  });

  return router;
}
