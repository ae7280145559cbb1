/**
 * @module
 * The handlers of strong login (see oidc.routes.ts for the contract, strong-login.ts for who the
 * person is, provider-client.ts for the protocol).
 *
 * What keeps the flow safe:
 * - `state` is random per login and stored only as its hash, with the PKCE verifier and nonce; a
 *   callback consumes it once (a conditional UPDATE), within ten minutes, for the provider of its
 *   own path and tenant. A replayed or forged callback finds nothing.
 * - The provider's code is exchanged by openid-client with the verifier, and the ID token is
 *   checked by it (signature, issuer, audience, expiry, nonce).
 * - The page the callback answers posts the one-time code to `window.opener` with the opener's
 *   origin as the target, so no other page can read it; the widget accepts messages from the API's
 *   origin only. The code is stored as a hash, lives a minute, is exchanged once, and only with an
 *   `Origin` header equal to the opener's.
 * - The popup's pages keep `window.opener` (Cross-Origin-Opener-Policy: unsafe-none); every other
 *   answer keeps the default `same-origin`.
 */
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import { tokenResponse } from '../auth/auth.handlers.ts';
import { createSession } from '../auth/sessions.ts';
import { apiOrigin } from '../admin/oidc-providers/oidc-providers.handlers.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { isAllowedOrigin } from '../tenancy/cors.ts';
import { consumeFlow, consumeHandoff, insertFlow, insertHandoff } from './flows.repository.ts';
import { CALLBACK_PAGE_POLICY, callbackPage, redirectPage, type CallbackMessage } from './callback-page.ts';
import { DATA_CSP } from '../http/secure-headers.ts';
import { callbackOidcRoute, exchangeOidcRoute, listPublicProvidersRoute, startOidcRoute } from './oidc.routes.ts';
import { authorizationRequest, exchangeCode, providerConfiguration, ProviderUnavailable } from './provider-client.ts';
import { findProvider, listProviders } from './providers.repository.ts';
import { resolveStrongLogin } from './strong-login.ts';

const FLOW_LIFETIME_MS = 10 * 60 * 1000;
const HANDOFF_LIFETIME_MS = 60 * 1000;
const KEEP_OPENER = { 'Cross-Origin-Opener-Policy': 'unsafe-none' };

const providerUnavailable = () => new ApiError(502, 'oidc_provider_unavailable', 'The identity provider cannot be reached. Try again later.');
const invalidCode = () => new ApiError(401, 'oidc_code_invalid', 'The login has expired or was used already. Log in again.');

export function oidcRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listPublicProvidersRoute, async (c) => {
    const tenantId = c.var.tenant.id;
    const rows = await deps.database.withTenant(tenantId, (trx) => listProviders(trx, tenantId));
    const providers = rows.filter((row) => row.enabled).map((row) => ({ slug: row.slug, displayName: row.display_name, icon: row.icon }));
    return c.json({ providers }, 200);
  });

  router.openapi(startOidcRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { origin, remember, return: returnTo } = c.req.valid('query');
    const tenant = c.var.tenant;
    const now = c.var.clock.now();
    // Demo mode: the demo page the API serves itself (any port) may start a login too.
    const ownDemoPage = deps.config.demoMode && origin === new URL(c.req.url).origin;
    if (!isAllowedOrigin(origin, tenant.allowed_origins) && !ownDemoPage) {
      throw new ApiError(400, 'origin_not_allowed', 'This page may not embed the login.', { origin: 'not_allowed' });
    }
    if (returnTo !== undefined && !isReturnPage(returnTo, origin)) {
      throw new ApiError(400, 'validation_failed', 'The page to return to must be on the origin of the login.', { return: 'not_on_origin' });
    }
    const provider = await deps.database.withTenant(tenant.id, (trx) => findProvider(trx, tenant.id, slug));
    if (!provider || !provider.enabled) throw notFound();
    let request;
    try {
      const config = await providerConfiguration(deps, provider);
      request = await authorizationRequest(config, provider, `${apiOrigin(deps, c.req.url)}/v1/${tenant.slug}/auth/oidc/${slug}/callback`);
    } catch (error) {
      if (error instanceof ProviderUnavailable) {
        c.var.log.warn('identity provider unavailable', { provider: slug, reason: error.message });
        throw providerUnavailable();
      }
      throw error;
    }
    await deps.database.withTenant(tenant.id, async (trx) =>
      insertFlow(trx, {
        state_hash: await sha256Hex(request.state),
        tenant_id: tenant.id,
        provider_id: provider.id,
        nonce: request.nonce,
        code_verifier: request.codeVerifier,
        opener_origin: origin,
        remember: remember === 'true',
        return_to: returnTo ?? null,
        created_at: now,
        expires_at: new Date(now.getTime() + FLOW_LIFETIME_MS),
      }),
    );
    return c.html(redirectPage(request.url.href), 200, { ...KEEP_OPENER, 'Content-Security-Policy': DATA_CSP });
  });

  router.openapi(callbackOidcRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const query = c.req.valid('query');
    const tenant = c.var.tenant;
    const now = c.var.clock.now();
    let returnTo: string | null = null;
    const page = (message: CallbackMessage, origin?: string) =>
      returnTo
        ? c.html(redirectPage(returnUrl(returnTo, message)), 200, { 'Content-Security-Policy': DATA_CSP, 'Referrer-Policy': 'no-referrer' })
        : c.html(callbackPage(message, origin), 200, { ...KEEP_OPENER, 'Content-Security-Policy': CALLBACK_PAGE_POLICY });

    const stateHash = query.state ? await sha256Hex(query.state) : undefined;
    const flow = stateHash
      ? await deps.database.withTenant(tenant.id, async (trx) => {
          const provider = await findProvider(trx, tenant.id, slug);
          return provider ? consumeFlow(trx, tenant.id, provider.id, stateHash, now) : undefined;
        })
      : undefined;
    if (!flow) return page({ error: 'oidc_state_invalid' });
    returnTo = flow.return_to;
    if (query.error || !query.code) return page({ error: 'oidc_cancelled' }, flow.opener_origin);

    let identity;
    try {
      const config = await providerConfiguration(deps, flow.provider);
      const callbackUrl = new URL(`${apiOrigin(deps, c.req.url)}/v1/${tenant.slug}/auth/oidc/${slug}/callback`);
      callbackUrl.search = new URL(c.req.url).search;
      identity = await exchangeCode(config, callbackUrl, { state: query.state!, nonce: flow.nonce, codeVerifier: flow.code_verifier }, flow.provider.personal_code_claim);
    } catch (error) {
      const unavailable = error instanceof ProviderUnavailable;
      // openid-client's own message is generic ("invalid response encountered"); its cause names the check that failed.
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      c.var.log.warn('strong login refused', { provider: slug, reason: error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error) });
      return page({ error: unavailable ? 'oidc_provider_unavailable' : 'oidc_login_failed' }, flow.opener_origin);
    }

    const outcome = await deps.database.withTenant(tenant.id, async (trx) => {
      const result = await resolveStrongLogin(trx, deps.personalCodeKey, {
        tenantId: tenant.id,
        issuer: identity.issuer,
        subject: identity.subject,
        personalCode: identity.claims[flow.provider.personal_code_claim],
        now,
      });
      if (!result.ok) return result;
      const code = randomToken();
      await insertHandoff(trx, {
        code_hash: await sha256Hex(code),
        tenant_id: tenant.id,
        user_id: result.userId,
        opener_origin: flow.opener_origin,
        remember: flow.remember,
        created_at: now,
        expires_at: new Date(now.getTime() + HANDOFF_LIFETIME_MS),
      });
      return { ...result, code };
    });
    if (!outcome.ok) return page({ error: outcome.code }, flow.opener_origin);
    c.var.log.info('strong login', { userId: outcome.userId, created: outcome.created, provider: slug });
    return page({ code: outcome.code }, flow.opener_origin);
  });

  router.openapi(exchangeOidcRoute, async (c) => {
    const { code } = c.req.valid('json');
    const tenantId = c.var.tenant.id;
    const now = c.var.clock.now();
    const origin = c.req.header('origin');
    const answer = await deps.database.withTenant(tenantId, async (trx) => {
      const handoff = origin ? await consumeHandoff(trx, tenantId, await sha256Hex(code), origin, now) : undefined;
      if (!handoff) return undefined;
      const session = await createSession(trx, { tenantId, userId: handoff.user.id, remember: handoff.remember, authLevel: 'strong', now });
      return { user: handoff.user, session };
    });
    if (!answer) throw invalidCode();
    c.var.log.info('login', { userId: answer.user.id, sessionId: answer.session.sessionId, authLevel: 'strong' });
    return c.json(await tokenResponse(deps, tenantId, answer.user, answer.session, now), 200);
  });

  return router;
}

/** A same-window login's page: an http(s) URL on the login's (allowed) origin. */
function isReturnPage(value: string, origin: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === origin;
  } catch {
    return false;
  }
}

/** The page to go back to, with the outcome in its fragment (which the browser sends to no server). */
function returnUrl(returnTo: string, message: CallbackMessage): string {
  const url = new URL(returnTo);
  url.hash = 'code' in message ? `doorstep-oidc=${encodeURIComponent(message.code)}` : `doorstep-oidc-error=${encodeURIComponent(message.error)}`;
  return url.href;
}
