/**
 * @module
 * A real OpenID Connect provider (`oidc-provider`) for the tests, in-process on 127.0.0.1 with its
 * own signing keys: what a bank, eParaksts or Smart-ID is to Doorstep. Its login page is no page:
 * opening `/interaction/{uid}` logs in whoever the test chose (`idp.nextLogin`), so a test (or a
 * browser) runs the whole redirect dance. Each account's personal code is a userinfo claim.
 *
 * For the attacks: the provider's signing key is the harness's own (`sign` makes a token the
 * provider could have made), `tokenResponse` rewrites what the token endpoint answers (a man in the
 * middle, or a provider gone bad), and `grants` counts the code exchanges the provider saw.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'doorstep-test';
export const CLIENT_SECRET = 'client-secret-of-the-test-provider-0123456789';

export interface TestIdentityProvider {
  issuer: string;
  /** The account the next login is: its subject and its personal code claim. */
  nextLogin: { sub: string; personalCode?: string };
  /** When set, the token endpoint's JSON answer passes through it before it goes out. */
  tokenResponse?: (body: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** The code exchanges at the token endpoint: granted, and refused (with the provider's error). */
  grants: { succeeded: number; refused: string[] };
  /** Signs a token with the provider's own published key. */
  sign(claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startIdentityProvider(redirectUris: string[]): Promise<TestIdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, { personalCode?: string }>();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-provider-key', alg: 'RS256', use: 'sig' };
  const idp: TestIdentityProvider = {
    issuer,
    nextLogin: { sub: 'nobody' },
    grants: { succeeded: 0, refused: [] },
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingKey.kid }).sign(privateKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub', 'personal_code'] },
    cookies: { keys: ['cookie-key-of-the-test-provider-0123456789'] },
    jwks: { keys: [signingKey] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, ...(accounts.get(sub)?.personalCode ? { personal_code: accounts.get(sub)!.personalCode } : {}) }),
    }),
    // Every client is trusted: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid');
      grant.addOIDCClaims(['sub', 'personal_code']);
      await grant.save();
      return grant;
    },
  });
  provider.on('grant.success', () => void idp.grants.succeeded++);
  provider.on('grant.error', (_ctx, error) => void idp.grants.refused.push((error as { error?: string }).error ?? String(error)));
  const handle = provider.callback();
  server.on('request', async (req, res) => {
    if (req.method === 'POST' && req.url === '/token' && idp.tokenResponse) {
      // The provider (Koa) ends the response with its JSON body, headers not sent yet: rewrite it then.
      const rewrite = idp.tokenResponse;
      const end = res.end.bind(res) as (chunk?: unknown) => void;
      res.end = ((chunk?: unknown) => {
        const text = chunk === undefined ? '' : String(chunk);
        void (async () => {
          let body = text;
          try {
            if (res.statusCode === 200) body = JSON.stringify(await rewrite(JSON.parse(text)));
          } catch (error) {
            res.statusCode = 500;
            body = String(error);
          }
          res.setHeader('content-length', Buffer.byteLength(body));
          end(body);
        })();
        return res;
      }) as typeof res.end;
    }
    if (req.url?.startsWith('/interaction/')) {
      try {
        const { sub, personalCode } = idp.nextLogin;
        accounts.set(sub, { personalCode });
        await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
      return;
    }
    handle(req, res);
  });
  return idp;
}
