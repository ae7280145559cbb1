/**
 * Strong login through OpenID Connect against a real provider (oidc-provider, in-process, with its
 * own keys): providers managed through the admin API with the client secret encrypted and never
 * shown; the public list; the flow start → provider → callback → one-time code → tokens with
 * authLevel strong; who the person is (registration of a customer by personal code, linking of a
 * password account, an identity seen before); and the attacks, each refused with a stable code.
 * Runs on PGlite and on Postgres (where the plan guard reads every statement).
 */
import { generateKeyPair, decodeJwt, SignJWT } from 'jose';
import * as oidcClient from 'openid-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { CLIENT_ID, CLIENT_SECRET, startIdentityProvider, type TestIdentityProvider } from './support/identity-provider.ts';
import { call, createTestApp, personalCodeKey, type TestContext } from './support/test-app.ts';
import { storedPersonalCode } from '../../server/personal-codes/personal-code-key.ts';
import { sha256Hex } from '../../server/auth/tokens.ts';

const API = 'http://localhost';
const ORIGIN = 'https://www.ogre-oidc.example';
const ANNA = '140382-10124';
const JANIS = '010190-12349';

let ctx: TestContext;
let idp: TestIdentityProvider;
let ogre: AdminTenant;
let ludza: AdminTenant;

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre-oidc', { allowedOrigins: [ORIGIN] });
  ludza = await createAdminTenant(ctx, 'ludza-oidc', { allowedOrigins: ['https://ludza-oidc.example'] });
  idp = await startIdentityProvider([ogre, ludza].flatMap((t) => [`${API}/v1/${t.slug}/auth/oidc/bank/callback`, `${API}/v1/${t.slug}/auth/oidc/other/callback`]));
  for (const tenant of [ogre, ludza]) {
    const response = await putProvider(tenant, 'bank', { displayName: 'Internetbanka', icon: 'bank', issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expect(response.status).toBe(201);
  }
  // Anna is a customer (contract holder of one apartment) in Ogre's list, with no account yet.
  const imported = await adminRequest(
    ctx,
    ogre,
    ogre.key,
    'POST',
    '/imports/premises',
    ['building_ref,building_address,premise_ref,premise_label,account_number,customer_ref,customer_name,customer_email,customer_personal_code', `B1,Rīgas iela 1,P1,Rīgas iela 1-1,A-1,C1,Anna Bērziņa,anna@example.lv,${ANNA}`].join('\n'),
    { 'content-type': 'text/csv' },
  );
  expect(imported.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await idp?.close();
  await ctx?.close();
});

function putProvider(tenant: AdminTenant, slug: string, body: Record<string, unknown>) {
  return adminRequest(ctx, tenant, tenant.key, 'PUT', `/oidc-providers/${slug}`, body);
}

/** Opens the start URL, lets the provider log in `idp.nextLogin`, and stops at Doorstep's callback. */
async function loginAtProvider(tenant: string, origin = ORIGIN, slug = 'bank', extraQuery = '') {
  const start = await call(ctx, 'GET', `/v1/${tenant}/auth/oidc/${slug}/start?origin=${encodeURIComponent(origin)}${extraQuery}`);
  if (start.status !== 200) return { start };
  // The start page moves on by a meta refresh (no script), to the provider's authorization URL.
  let location = /content="0;url=([^"]+)"/.exec(await start.text())![1]!.replace(/&amp;/g, '&');
  expect(location.startsWith(idp.issuer)).toBe(true);
  expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');
  location = await throughProvider(idp, location);
  expect(location.startsWith(`${API}/v1/${tenant}/auth/oidc/${slug}/callback`)).toBe(true);
  return { start, callbackUrl: new URL(location) };
}

/** Follows a provider's redirects from its authorization URL (logging in `provider.nextLogin`) to where it sends the browser back. */
async function throughProvider(provider: TestIdentityProvider, authorizationUrl: string) {
  const cookies = new Map<string, string>();
  let location = authorizationUrl;
  for (let hops = 0; hops < 10 && location.startsWith(provider.issuer); hops++) {
    const response = await fetch(location, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    location = new URL(response.headers.get('location')!, location).href;
  }
  return location;
}

/** The callback's page: its status and the message it posts to the opener (and to which origin). */
async function openCallback(url: URL) {
  const response = await call(ctx, 'GET', url.pathname + url.search);
  const html = await response.text();
  const data = JSON.parse(/<script type="application\/json" id="doorstep-oidc">([\s\S]*?)<\/script>/.exec(html)![1]!);
  return { status: response.status, message: data.message as { type: string; code?: string; error?: string }, origin: data.origin as string | null, response };
}

function exchange(tenant: string, code: string, origin = ORIGIN) {
  return call(ctx, 'POST', `/v1/${tenant}/auth/oidc/exchange`, { body: { code }, headers: { origin } });
}

async function strongLogin(sub: string, personalCode?: string) {
  idp.nextLogin = { sub, ...(personalCode ? { personalCode } : {}) };
  const { callbackUrl } = await loginAtProvider(ogre.slug);
  return openCallback(callbackUrl!);
}

describe('providers', () => {
  test('the admin API never shows the client secret, and stores it only encrypted', async () => {
    const list = await adminRequest(ctx, ogre, ogre.key, 'GET', '/oidc-providers');
    const text = await list.text();
    expect(list.status).toBe(200);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(JSON.parse(text).items).toEqual([
      expect.objectContaining({ slug: 'bank', displayName: 'Internetbanka', issuer: idp.issuer, clientId: CLIENT_ID, redirectUri: `${API}/v1/${ogre.slug}/auth/oidc/bank/callback` }),
    ]);
    const stored = await ctx.database.db.selectFrom('oidc_providers').select('client_secret_encrypted').execute();
    for (const row of stored) expect(row.client_secret_encrypted).not.toContain(CLIENT_SECRET);
    // A secret moved to another tenant's row does not decrypt there.
    expect(ctx.deps.secretBox.open(stored[0]!.client_secret_encrypted, `oidc-provider:${ludza.id}:bank`)).toBeUndefined();
  });

  test('a new provider needs its secret; an issuer must be https (http on this machine only)', async () => {
    const base = { displayName: 'eParaksts', icon: 'eparaksts', issuer: idp.issuer, clientId: CLIENT_ID };
    expect((await putProvider(ogre, 'eparaksts', base)).status).toBe(422);
    const http = await putProvider(ogre, 'eparaksts', { ...base, clientSecret: 'x', issuer: 'http://idp.example' });
    expect(http.status).toBe(400);
    expect(((await http.json()) as any).error.fields).toMatchObject({ issuer: 'invalid_issuer' });
  });

  test('the public list shows enabled providers only, without secrets; a disabled one does not start', async () => {
    const created = await putProvider(ogre, 'other', { displayName: 'Smart-ID', icon: 'smart-id', issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, enabled: false, position: 5 });
    expect(created.status).toBe(201);
    const list = await call(ctx, 'GET', `/v1/${ogre.slug}/auth/oidc/providers`);
    expect(await list.json()).toEqual({ providers: [{ slug: 'bank', displayName: 'Internetbanka', icon: 'bank' }] });
    expect((await call(ctx, 'GET', `/v1/${ogre.slug}/auth/oidc/other/start?origin=${encodeURIComponent(ORIGIN)}`)).status).toBe(404);
  });
});

describe('the flow', () => {
  test("a customer's first strong login registers an account, owner of the customer's premises; the code opens a strong session once", async () => {
    const page = await strongLogin('bank-anna', ANNA);
    expect(page.status).toBe(200);
    expect(page.origin).toBe(ORIGIN);
    expect(page.response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(page.response.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    const code = page.message.code!;
    expect(page.message.type).toBe('doorstep-oidc');

    const tokens = await exchange(ogre.slug, code);
    expect(tokens.status).toBe(200);
    const body = (await tokens.json()) as any;
    expect(body.user).toMatchObject({ authLevel: 'strong', email: 'anna@example.lv', name: 'Anna Bērziņa' });
    const grants = await ctx.database.db.selectFrom('grants').select(['role', 'premise_id']).where('user_id', '=', body.user.id).execute();
    expect(grants.map((g) => g.role)).toEqual(['owner']);
    // The house file sees a strong session: its strong-only documents open (documents.test.ts covers the rule).
    const documents = await call(ctx, 'GET', `/v1/${ogre.slug}/premises/${grants[0]!.premise_id}/documents`, { token: body.accessToken });
    expect(documents.status).toBe(200);
    expect(((await documents.json()) as any).authLevel).toBe('strong');
    const user = await ctx.database.db.selectFrom('users').select('personal_code_hash').where('id', '=', body.user.id).executeTakeFirstOrThrow();
    expect(user.personal_code_hash).toBe(storedPersonalCode(personalCodeKey, ANNA)!.hash);

    // Refresh keeps the strong level.
    const refreshed = await call(ctx, 'POST', `/v1/${ogre.slug}/auth/refresh`, { body: { refreshToken: body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as any).user.authLevel).toBe('strong');

    // The same code again: refused.
    const again = await exchange(ogre.slug, code);
    expect(again.status).toBe(401);
    expect(((await again.json()) as any).error.code).toBe('oidc_code_invalid');

    // The same identity next time: the same account, nothing new.
    const second = await strongLogin('bank-anna', ANNA);
    const secondBody = (await (await exchange(ogre.slug, second.message.code!)).json()) as any;
    expect(secondBody.user.id).toBe(body.user.id);
    expect(await ctx.database.db.selectFrom('users').select('id').where('tenant_id', '=', ogre.id).execute()).toHaveLength(1);
  });

  test('an unknown personal code creates nothing and says so', async () => {
    const before = await ctx.database.db.selectFrom('users').select('id').execute();
    const page = await strongLogin('bank-stranger', JANIS);
    expect(page).toMatchObject({ status: 200, origin: ORIGIN, message: { type: 'doorstep-oidc', error: 'personal_code_not_found' } });
    expect(await ctx.database.db.selectFrom('users').select('id').execute()).toEqual(before);
    const missing = await strongLogin('bank-nocode');
    expect(missing.message.error).toBe('personal_code_missing');
  });

  test('an existing account with the same personal code is linked, not duplicated', async () => {
    const user = await ctx.database.db
      .insertInto('users')
      .values({ tenant_id: ogre.id, email: 'janis@example.lv', name: 'Jānis', personal_code_hash: storedPersonalCode(personalCodeKey, JANIS)!.hash, email_preferences: '{}', status: 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await strongLogin('bank-janis', '01019012349');
    const body = (await (await exchange(ogre.slug, page.message.code!)).json()) as any;
    expect(body.user).toMatchObject({ id: user.id, authLevel: 'strong' });
    expect(await ctx.database.db.selectFrom('external_identities').select(['issuer', 'subject']).where('user_id', '=', user.id).execute()).toEqual([{ issuer: idp.issuer, subject: 'bank-janis' }]);
  });
});

describe('the same-window login (the popup was blocked)', () => {
  const page = `${ORIGIN}/maja?tab=files`;
  const sameWindow = `&return=${encodeURIComponent(page)}`;
  const returnedTo = async (url: URL) => {
    const response = await call(ctx, 'GET', url.pathname + url.search);
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const target = new URL(/content="0;url=([^"]+)"/.exec(await response.text())![1]!.replace(/&amp;/g, '&'));
    return { target, fragment: new URLSearchParams(target.hash.slice(1)) };
  };

  test('the callback moves back to the page with the one-time code in the fragment; the code opens a strong session from that origin once', async () => {
    idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
    const { callbackUrl } = await loginAtProvider(ogre.slug, ORIGIN, 'bank', sameWindow);
    // PKCE and state went along as for a popup.
    const { target, fragment } = await returnedTo(callbackUrl!);
    expect(target.href.startsWith(`${page}#doorstep-oidc=`)).toBe(true);
    const code = fragment.get('doorstep-oidc')!;
    expect((await exchange(ogre.slug, code, 'https://evil.example')).status).toBe(401);
    const tokens = await exchange(ogre.slug, code);
    expect(tokens.status).toBe(200);
    expect(((await tokens.json()) as any).user.authLevel).toBe('strong');
    expect((await exchange(ogre.slug, code)).status).toBe(401);
    // The callback is used up: the same URL again returns nothing to the page.
    const replay = await openCallback(callbackUrl!);
    expect(replay).toMatchObject({ origin: null, message: { error: 'oidc_state_invalid' } });
  });

  test('a refusal comes back to the page as an error in the fragment', async () => {
    idp.nextLogin = { sub: 'bank-nocode' };
    const { callbackUrl } = await loginAtProvider(ogre.slug, ORIGIN, 'bank', sameWindow);
    const { target, fragment } = await returnedTo(callbackUrl!);
    expect(target.origin + target.pathname).toBe(`${ORIGIN}/maja`);
    expect(fragment.get('doorstep-oidc-error')).toBe('personal_code_missing');
  });

  test('a page to return to on another origin is refused at the start', async () => {
    for (const other of ['https://evil.example/maja', 'javascript:alert(1)', `${ORIGIN}.evil.example/`, 'not a url']) {
      const start = await call(ctx, 'GET', `/v1/${ogre.slug}/auth/oidc/bank/start?origin=${encodeURIComponent(ORIGIN)}&return=${encodeURIComponent(other)}`);
      expect(start.status).toBe(400);
      expect(((await start.json()) as any).error).toMatchObject({ code: 'validation_failed', fields: { return: 'not_on_origin' } });
    }
  });
});

describe('attacks', () => {
  test('a forged state and a replayed callback find nothing', async () => {
    idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
    const { callbackUrl } = await loginAtProvider(ogre.slug);
    const forged = new URL(callbackUrl!);
    forged.searchParams.set('state', 'forged-state');
    expect(await openCallback(forged)).toMatchObject({ status: 200, origin: null, message: { error: 'oidc_state_invalid' } });
    const first = await openCallback(callbackUrl!);
    expect(first.message.code).toBeDefined();
    expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, message: { error: 'oidc_state_invalid' } });
  });

  test('an ID token with another nonce is refused by the client library', async () => {
    idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
    const { callbackUrl } = await loginAtProvider(ogre.slug);
    await ctx.database.db.updateTable('oidc_flows').set({ nonce: 'not-the-nonce-that-was-sent' }).where('used_at', 'is', null).execute();
    expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: ORIGIN, message: { error: 'oidc_login_failed' } });
  });

  test('the one-time code works only from the opener origin and only for a minute', async () => {
    const page = await strongLogin('bank-anna', ANNA);
    const wrongOrigin = await exchange(ogre.slug, page.message.code!, 'https://evil.example');
    expect(wrongOrigin.status).toBe(401);
    expect((await call(ctx, 'POST', `/v1/${ogre.slug}/auth/oidc/exchange`, { body: { code: page.message.code } })).status).toBe(401);
    const late = await strongLogin('bank-anna', ANNA);
    ctx.clock.advance(61_000);
    const expired = await exchange(ogre.slug, late.message.code!);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as any).error.code).toBe('oidc_code_invalid');
    // Neither refused code opened anything: the right origin, after the fact, is too late too.
    expect((await exchange(ogre.slug, page.message.code!)).status).toBe(401);
  });

  test('a start from an origin the tenant does not allow is refused', async () => {
    const start = await call(ctx, 'GET', `/v1/${ogre.slug}/auth/oidc/bank/start?origin=${encodeURIComponent('https://evil.example')}`);
    expect(start.status).toBe(400);
    expect(((await start.json()) as any).error.code).toBe('origin_not_allowed');
  });

  test("another tenant's login and code do not cross over", async () => {
    // A code handed out for Ogre is nothing at Ludza.
    const page = await strongLogin('bank-anna', ANNA);
    expect((await exchange(ludza.slug, page.message.code!, ORIGIN)).status).toBe(401);
    // Ogre's callback, delivered at Ludza's path: no such login there.
    idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
    const { callbackUrl } = await loginAtProvider(ogre.slug);
    const crossed = new URL(callbackUrl!.href.replace(`/v1/${ogre.slug}/`, `/v1/${ludza.slug}/`));
    expect(await openCallback(crossed)).toMatchObject({ status: 200, message: { error: 'oidc_state_invalid' } });
    // And a provider slug Ludza has not configured does not exist there.
    expect((await call(ctx, 'GET', `/v1/${ludza.slug}/auth/oidc/other/start?origin=${encodeURIComponent('https://ludza-oidc.example')}`)).status).toBe(404);
  });
});

describe("attacks on the provider's code and ID token", () => {
  /** What a login could have made: accounts, linked identities, one-time codes. */
  const made = async () => ({
    users: (await ctx.database.db.selectFrom('users').select('id').execute()).length,
    identities: (await ctx.database.db.selectFrom('external_identities').select('subject').execute()).length,
    handoffs: (await ctx.database.db.selectFrom('oidc_handoffs').select('code_hash').execute()).length,
  });
  /** The login this callback answers, as Doorstep stored it. */
  const flowOf = async (callbackUrl: URL) =>
    ctx.database.db.selectFrom('oidc_flows').select(['nonce', 'used_at']).where('state_hash', '=', await sha256Hex(callbackUrl.searchParams.get('state')!)).executeTakeFirstOrThrow();

  test("the provider's code is exchanged once: a replayed callback stops at the used state, and past that check the provider refuses the used code", async () => {
    idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
    const { callbackUrl } = await loginAtProvider(ogre.slug);
    const granted = idp.grants.succeeded;
    const first = await openCallback(callbackUrl!);
    expect(first.message.code).toBeDefined();
    expect(idp.grants.succeeded).toBe(granted + 1);
    const before = await made();
    const refused = idp.grants.refused.length;

    // The same callback again: its state is used, so the code does not even reach the provider.
    expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: null, message: { error: 'oidc_state_invalid' } });
    expect(idp.grants).toMatchObject({ succeeded: granted + 1, refused: { length: refused } });

    // Were the state check to let it through (its login made unused again here), the provider refuses the code it already
    // exchanged, and the callback says the login failed.
    await ctx.database.db.updateTable('oidc_flows').set({ used_at: null }).where('state_hash', '=', await sha256Hex(callbackUrl!.searchParams.get('state')!)).execute();
    expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: ORIGIN, message: { error: 'oidc_login_failed' } });
    expect(idp.grants.succeeded).toBe(granted + 1);
    expect(idp.grants.refused.slice(refused)).toEqual(['invalid_grant']);
    expect(await made()).toEqual(before);
  });

  test('an ID token from another issuer (mix-up) is refused, though signed by that issuer, for our client and our nonce', async () => {
    const redirectUri = `${API}/v1/${ogre.slug}/auth/oidc/bank/callback`;
    const other = await startIdentityProvider([redirectUri]);
    try {
      idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
      const { callbackUrl } = await loginAtProvider(ogre.slug);
      const { nonce } = await flowOf(callbackUrl!);
      // The other provider logs Anna in for the same client and nonce; its ID token is what the attacker has.
      other.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
      const verifier = oidcClient.randomPKCECodeVerifier();
      const authorization = new URL(`${other.issuer}/auth`);
      authorization.search = new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: redirectUri, state: 'attacker', nonce, code_challenge: await oidcClient.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
      const otherCode = new URL(await throughProvider(other, authorization.href)).searchParams.get('code')!;
      const otherTokens = await fetch(`${other.issuer}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: otherCode, redirect_uri: redirectUri, code_verifier: verifier }),
      });
      expect(otherTokens.status).toBe(200);
      const foreign = ((await otherTokens.json()) as { id_token: string }).id_token;
      expect(decodeJwt(foreign)).toMatchObject({ iss: other.issuer, aud: CLIENT_ID, nonce, sub: 'bank-anna' });

      // Our provider's token endpoint answers with the other issuer's ID token.
      const before = await made();
      const granted = idp.grants.succeeded;
      let rewritten = 0;
      idp.tokenResponse = async (body) => (rewritten++, { ...body, id_token: foreign });
      expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: ORIGIN, message: { error: 'oidc_login_failed' } });
      // The provider granted the code and the swapped answer went out: the refusal is our client's.
      expect([idp.grants.succeeded, rewritten]).toEqual([granted + 1, 1]);
      expect(await made()).toEqual(before);
    } finally {
      idp.tokenResponse = undefined;
      await other.close();
    }
  });

  test('an ID token with a signature not by the provider is refused', async () => {
    // Same header (the provider's key id), same claims, signed with a key the provider does not publish.
    const { privateKey } = await generateKeyPair('RS256');
    let rewritten = 0;
    idp.tokenResponse = async (body) => ({
      ...body,
      id_token: await new SignJWT(decodeJwt(body.id_token as string)).setProtectedHeader({ alg: 'RS256', kid: 'test-provider-key' }).sign(privateKey).finally(() => rewritten++),
    });
    try {
      idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
      const { callbackUrl } = await loginAtProvider(ogre.slug);
      const before = await made();
      const granted = idp.grants.succeeded;
      expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: ORIGIN, message: { error: 'oidc_login_failed' } });
      expect([idp.grants.succeeded, rewritten]).toEqual([granted + 1, 1]);
      expect(await made()).toEqual(before);
    } finally {
      idp.tokenResponse = undefined;
    }
  });

  test('an expired ID token is refused, though signed by the provider', async () => {
    // The same rewrite with the claims unchanged is a good token: the login goes through.
    idp.tokenResponse = async (body) => ({ ...body, id_token: await idp.sign(decodeJwt(body.id_token as string)) });
    try {
      expect((await strongLogin('bank-anna', ANNA)).message.code).toBeDefined();
      // An hour past its expiry (the library checks it against the real clock).
      const now = Math.floor(Date.now() / 1000);
      let rewritten = 0;
      idp.tokenResponse = async (body) => ({ ...body, id_token: await idp.sign({ ...decodeJwt(body.id_token as string), iat: now - 7200, exp: now - 3600 }).finally(() => rewritten++) });
      idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
      const { callbackUrl } = await loginAtProvider(ogre.slug);
      const before = await made();
      expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: ORIGIN, message: { error: 'oidc_login_failed' } });
      expect(rewritten).toBe(1);
      expect(await made()).toEqual(before);
    } finally {
      idp.tokenResponse = undefined;
    }
  });
});

describe('deleting a provider', () => {
  test('ends its logins in progress and its button; the identities linked through it stay, and a provider of the same issuer opens the same accounts again', async () => {
    // Anna's identity at this issuer is linked (the flow tests above).
    const anna = await strongLogin('bank-anna', ANNA);
    const annaId = ((await (await exchange(ogre.slug, anna.message.code!)).json()) as any).user.id as string;
    // A login in progress when the provider goes.
    idp.nextLogin = { sub: 'bank-anna', personalCode: ANNA };
    const { callbackUrl } = await loginAtProvider(ogre.slug);

    const deleted = await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/oidc-providers/bank');
    expect(deleted.status).toBe(204);
    expect(((await (await call(ctx, 'GET', `/v1/${ogre.slug}/auth/oidc/providers`)).json()) as any).providers.map((p: any) => p.slug)).not.toContain('bank');
    expect((await call(ctx, 'GET', `/v1/${ogre.slug}/auth/oidc/bank/start?origin=${encodeURIComponent(ORIGIN)}`)).status).toBe(404);
    expect(await openCallback(callbackUrl!)).toMatchObject({ status: 200, origin: null, message: { error: 'oidc_state_invalid' } });
    expect(await ctx.database.db.selectFrom('oidc_flows').select('state_hash').where('tenant_id', '=', ogre.id).execute()).toEqual([]);
    expect(await ctx.database.db.selectFrom('external_identities').select('subject').where('user_id', '=', annaId).execute()).toEqual([{ subject: 'bank-anna' }]);
    const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'admin.oidc_provider.deleted').execute();
    expect(audit).toEqual([expect.objectContaining({ details: expect.objectContaining({ slug: 'bank', issuer: idp.issuer }) })]);

    // Gone is gone; another tenant's provider of that slug is not touched, nor reachable from here.
    expect((await adminRequest(ctx, ogre, ogre.key, 'DELETE', '/oidc-providers/bank')).status).toBe(404);
    expect((await adminRequest(ctx, ludza, ludza.key, 'DELETE', '/oidc-providers/other')).status).toBe(404);
    expect(((await (await call(ctx, 'GET', `/v1/${ludza.slug}/auth/oidc/providers`)).json()) as any).providers.map((p: any) => p.slug)).toEqual(['bank']);

    // The same issuer again: Anna's identity opens her account, nothing new is made.
    expect((await putProvider(ogre, 'bank', { displayName: 'Internetbanka', icon: 'bank', issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })).status).toBe(201);
    const users = await ctx.database.db.selectFrom('users').select('id').where('tenant_id', '=', ogre.id).execute();
    const again = await strongLogin('bank-anna', ANNA);
    expect(((await (await exchange(ogre.slug, again.message.code!)).json()) as any).user.id).toBe(annaId);
    expect(await ctx.database.db.selectFrom('users').select('id').where('tenant_id', '=', ogre.id).execute()).toHaveLength(users.length);
  });
});
