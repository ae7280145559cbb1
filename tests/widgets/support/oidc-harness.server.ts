/**
 * @module
 * The Node side of the strong-login harness: a whole Doorstep with the demo data and a real
 * OpenID Connect provider (oidc-provider, tests/server/support/identity-provider.ts) configured as
 * the demo tenant's "Demo Banka", which logs in Anna (her personal code) whenever asked. Bundled
 * by oidc-harness.plugin.mjs with esbuild, because the runner's Node process does not load TypeScript.
 */
import { serve } from '@hono/node-server';
import { startDoorstep } from '../../../server/bootstrap.ts';
import { personalCode } from '../../../server/demo/identifiers.ts';
import { providerSecretBinding } from '../../../server/oidc/provider-client.ts';
import { CLIENT_ID, CLIENT_SECRET, startIdentityProvider } from '../../server/support/identity-provider.ts';

export async function startStrongLoginHarness(env: Record<string, string>) {
  const doorstep = await startDoorstep(env);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: doorstep.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
  });
  const api = `http://127.0.0.1:${port}`;
  const idp = await startIdentityProvider([`${api}/v1/demo/auth/oidc/bank/callback`]);
  // The demo's Anna, as the bank knows her.
  idp.nextLogin = { sub: 'demo-banka-anna', personalCode: personalCode('1982-03-14', 123) };
  const tenant = await doorstep.database.db.selectFrom('tenants').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const now = new Date();
  await doorstep.database.db
    .insertInto('oidc_providers')
    .values({
      tenant_id: tenant.id,
      slug: 'bank',
      display_name: 'Demo Banka',
      icon: 'bank',
      issuer: idp.issuer,
      client_id: CLIENT_ID,
      client_secret_encrypted: doorstep.deps.secretBox.seal(CLIENT_SECRET, providerSecretBinding(tenant.id, 'bank')),
      scopes: ['openid'],
      personal_code_claim: 'personal_code',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return {
    api,
    async close() {
      await idp.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await doorstep.close();
    },
  };
}
