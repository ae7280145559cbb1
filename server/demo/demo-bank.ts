/**
 * @module
 * "Demo Banka": an OpenID Connect provider (`oidc-provider`, with keys of its own) inside the demo,
 * so strong login (issue #12) can be tried with no outside service. Demo mode only: bootstrap
 * starts it only when `config.demoMode` (never with DATABASE_URL, never in production), and
 * `DOORSTEP_DEMO_BANK=false` leaves it out (tests that bring their own provider).
 *
 * It listens on a loopback port of its own and is reached through the API's origin at
 * `/demo-banka/…` (createApp proxies that path), so a deployed demo needs one port only. Its login
 * page lists the demo people by name and masked personal code (and a stranger, whose code no
 * manager knows); picking one logs that person in, with the personal code as a claim. At every
 * start it is configured (again) as each demo tenant's provider `demo-banka`, with a fresh client
 * secret, stored encrypted like any other.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '../db/database.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { providerSecretBinding } from '../oidc/provider-client.ts';
import { DEMO2_TENANT, DEMO_TENANT } from './fixture.ts';
import { personalCode } from './identifiers.ts';

export const DEMO_BANK_PATH = '/demo-banka';
export const DEMO_BANK_SLUG = 'demo-banka';
const CLIENT_ID = 'doorstep-demo';

/** The people at the bank's counter: the demo's customers, and one the managers do not know. */
export const DEMO_BANK_PEOPLE = [
  { key: 'anna', name: 'Anna Bērziņa', personalCode: personalCode('1982-03-14', 123) },
  { key: 'peteris', name: 'Pēteris Kalniņš', personalCode: personalCode('1976-11-02', 245) },
  { key: 'janis', name: 'Jānis Ozols', personalCode: personalCode('1969-05-09', 412) },
  { key: 'svesinieks', name: 'Svešinieks (nav klients)', personalCode: personalCode('1990-01-01', 101) },
] as const;

export interface DemoBank {
  /** Where createApp forwards `/demo-banka/…`. */
  target: string;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const masked = (code: string) => `${code.slice(0, 6)}-*****`;

function loginPage(uid: string): string {
  const people = DEMO_BANK_PEOPLE.map(
    (person) =>
      `<li><button type="submit" name="person" value="${person.key}">${escape(person.name)} <small>${masked(person.personalCode)}</small></button></li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="lv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Demo Banka</title>
<style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1d2530}
h1{color:#0b5d3b}ul{list-style:none;padding:0;display:grid;gap:.5rem}button{width:100%;min-height:48px;font:inherit;text-align:left;padding:.5rem 1rem;border:2px solid #0b5d3b;border-radius:8px;background:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}small{color:#4a5260}</style></head>
<body><h1>Demo Banka</h1>
<p>Tikai demonstrācijai: izvēlieties, kas pieslēdzas. · For the demo only: choose who logs in. · Только для демонстрации: выберите, кто входит.</p>
<form method="post" action="${DEMO_BANK_PATH}/interaction/${escape(uid)}/login"><ul>
${people}
</ul></form></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

/**
 * Starts the bank and makes it the provider `demo-banka` of the demo tenants. `publicOrigin` is
 * where browsers and this server reach the API (PUBLIC_URL, else http://127.0.0.1:PORT).
 */
export async function startDemoBank(options: { database: DatabaseHandle; secretBox: SecretBox; publicOrigin: string; port: number }): Promise<DemoBank> {
  const { default: Provider } = await import('oidc-provider');
  const issuer = `${options.publicOrigin}${DEMO_BANK_PATH}`;
  const clientSecret = randomBytes(32).toString('base64url');
  const origins = [...new Set([options.publicOrigin, `http://localhost:${options.port}`, `http://127.0.0.1:${options.port}`])];
  const redirectUris = [DEMO_TENANT, DEMO2_TENANT].flatMap((tenant) => origins.map((origin) => `${origin}/v1/${tenant}/auth/oidc/${DEMO_BANK_SLUG}/callback`));
  const people = new Map<string, (typeof DEMO_BANK_PEOPLE)[number]>(DEMO_BANK_PEOPLE.map((person) => [`demo-banka-${person.key}`, person]));

  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub', 'name', 'personal_code'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${DEMO_BANK_PATH}/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      return person ? { accountId: sub, claims: async () => ({ sub, name: person.name, personal_code: person.personalCode }) } : undefined;
    },
    // The demo's one client is trusted: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid');
      grant.addOIDCClaims(['sub', 'name', 'personal_code']);
      await grant.save();
      return grant;
    },
  });
  // Behind the API's proxy: the public host and scheme come in X-Forwarded-Host/-Proto.
  provider.proxy = true;
  const handle = provider.callback();

  const server: Server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    const interaction = /^\/demo-banka\/interaction\/([\w-]{1,100})(\/login)?$/.exec(url);
    try {
      if (interaction && !interaction[2] && req.method === 'GET') {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
          'Cache-Control': 'no-store',
        });
        res.end(loginPage(interaction[1]!));
        return;
      }
      if (interaction && interaction[2] && req.method === 'POST') {
        const person = (await readForm(req)).get('person');
        const accountId = `demo-banka-${person}`;
        if (!people.has(accountId)) {
          res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('Unknown person');
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
        return;
      }
      // The provider's own endpoints, mounted under the path (it reads the mount from originalUrl).
      if (!url.startsWith(`${DEMO_BANK_PATH}/`)) {
        res.writeHead(404).end();
        return;
      }
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = url.slice(DEMO_BANK_PATH.length);
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(error instanceof Error ? error.message : 'Demo Banka failed');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The demo tenants' provider, as a manager would set it up through the admin API.
  const now = new Date();
  const tenants = await options.database.db.selectFrom('tenants').select(['id', 'slug']).where('slug', 'in', [DEMO_TENANT, DEMO2_TENANT]).execute();
  for (const tenant of tenants) {
    const values = {
      display_name: 'Demo Banka',
      icon: 'bank' as const,
      issuer,
      client_id: CLIENT_ID,
      client_secret_encrypted: options.secretBox.seal(clientSecret, providerSecretBinding(tenant.id, DEMO_BANK_SLUG)),
      scopes: ['openid'],
      personal_code_claim: 'personal_code',
      enabled: true,
      updated_at: now,
    };
    await options.database.withTenant(tenant.id, (trx) =>
      trx
        .insertInto('oidc_providers')
        .values({ tenant_id: tenant.id, slug: DEMO_BANK_SLUG, created_at: now, ...values })
        .onConflict((conflict) => conflict.columns(['tenant_id', 'slug']).doUpdateSet(values))
        .execute(),
    );
  }
  return { target, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
