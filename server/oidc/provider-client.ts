/**
 * @module
 * Talking to an identity provider, through `openid-client` (v6): discovery of its metadata, the
 * authorization URL (code flow, PKCE S256, state, nonce), and the callback's code exchange, in
 * which the library validates the ID token (signature against the provider's keys — with
 * `enableNonRepudiationChecks`, which openid-client leaves off by default — issuer — so a
 * token from another provider, a mix-up, fails — audience, expiry, nonce) and the state. Nothing
 * here checks a token by hand.
 *
 * Discovered metadata is kept per provider for ten minutes, so a login does not fetch the
 * provider's configuration twice; an edit of the provider (a new updated_at) starts afresh.
 */
import * as oidc from 'openid-client';
import type { AppDeps } from '../deps.ts';
import type { ProviderRow } from './providers.repository.ts';

/** What a provider's client secret is bound to in the secret box: it decrypts in that row only. */
export const providerSecretBinding = (tenantId: string, slug: string) => `oidc-provider:${tenantId}:${slug}`;

const DISCOVERY_TTL_MS = 10 * 60 * 1000;
const cache = new Map<string, { config: oidc.Configuration; at: number }>();

/** A failure on the provider's side, or between us: shown to the resident as "try again later". */
export class ProviderUnavailable extends Error {}

const isLocal = (issuer: string) => {
  const { hostname, protocol } = new URL(issuer);
  return protocol === 'http:' && (hostname === 'localhost' || hostname === '127.0.0.1');
};

export async function providerConfiguration(deps: AppDeps, provider: ProviderRow): Promise<oidc.Configuration> {
  const key = `${provider.id}:${provider.updated_at.getTime()}`;
  const known = cache.get(key);
  if (known && Date.now() - known.at < DISCOVERY_TTL_MS) return known.config;
  const secret = deps.secretBox.open(provider.client_secret_encrypted, providerSecretBinding(provider.tenant_id, provider.slug));
  if (secret === undefined) throw new ProviderUnavailable('the client secret does not decrypt (another DOORSTEP_ENCRYPTION_KEY?)');
  try {
    // http is allowed for a provider on this machine only (the admin API refuses it elsewhere).
    const execute = isLocal(provider.issuer) && !deps.config.production ? [oidc.allowInsecureRequests] : [];
    const config = await oidc.discovery(new URL(provider.issuer), provider.client_id, secret, undefined, { execute, timeout: 10 });
    // openid-client checks an ID token's claims but, trusting TLS to the token endpoint, not its signature unless told to:
    // here the signature is checked against the provider's published keys too.
    oidc.enableNonRepudiationChecks(config);
    if (cache.size > 500) cache.clear();
    cache.set(key, { config, at: Date.now() });
    return config;
  } catch (error) {
    throw new ProviderUnavailable(error instanceof Error ? error.message : String(error));
  }
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function authorizationRequest(config: oidc.Configuration, provider: ProviderRow, redirectUri: string): Promise<AuthorizationRequest> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: provider.scopes.join(' '),
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, codeVerifier };
}

/** Who the provider says logged in: its issuer and subject, and the claims of the ID token and userinfo. */
export interface ProvenIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

/**
 * Exchanges the callback's code. Throws openid-client's errors for anything the provider or the
 * response got wrong (state, nonce, signature, issuer, expiry): the caller maps them to one code.
 */
export async function exchangeCode(
  config: oidc.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
  personalCodeClaim: string,
): Promise<ProvenIdentity> {
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    pkceCodeVerifier: checks.codeVerifier,
    idTokenExpected: true,
  });
  const idToken = tokens.claims()!;
  let claims: Record<string, unknown> = { ...idToken };
  // Many providers put the personal code in userinfo rather than in the ID token.
  if (claims[personalCodeClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
    claims = { ...userinfo, ...claims };
  }
  return { issuer: idToken.iss, subject: idToken.sub, claims };
}
