/**
 * "Demo Banka" (server/demo/demo-bank.ts): in demo mode the demo tenants have a working identity
 * provider behind /demo-banka on the API's own origin. Over real HTTP: its discovery document
 * names that issuer; a strong login runs start → the bank's person picker → callback → one-time
 * code → a strong session for the demo's Anna. With DOORSTEP_DEMO_BANK=false it is not there.
 */
import { serve } from '@hono/node-server';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDoorstep } from '../../server/bootstrap.ts';

type Doorstep = Awaited<ReturnType<typeof startDoorstep>>;

let doorstep: Doorstep;
let server: ReturnType<typeof serve>;
let api: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const port = await freePort();
  doorstep = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'demo', NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: String(port), HOST: '127.0.0.1' });
  server = serve({ fetch: doorstep.app.fetch, port, hostname: '127.0.0.1' });
  api = `http://127.0.0.1:${port}`;
}, 600_000);
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await doorstep?.close();
});

/** Cookies of one browser, for the bank's pages. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    },
  };
}

test('the demo tenant offers Demo Banka, whose issuer is on the API origin', async () => {
  const providers = (await (await fetch(`${api}/v1/demo/auth/oidc/providers`)).json()) as { providers: Array<{ slug: string; displayName: string }> };
  expect(providers.providers).toContainEqual({ slug: 'demo-banka', displayName: 'Demo Banka', icon: 'bank' });
  const discovery = (await (await fetch(`${api}/demo-banka/.well-known/openid-configuration`)).json()) as { issuer: string; authorization_endpoint: string };
  expect(discovery.issuer).toBe(`${api}/demo-banka`);
  expect(discovery.authorization_endpoint.startsWith(`${api}/demo-banka/`)).toBe(true);
});

test("picking Anna at the bank gives the demo's Anna a strong session", async () => {
  const origin = 'http://localhost:8787';
  const start = await fetch(`${api}/v1/demo/auth/oidc/demo-banka/start?origin=${encodeURIComponent(origin)}`);
  expect(start.status).toBe(200);
  let location = /content="0;url=([^"]+)"/.exec(await start.text())![1]!.replace(/&amp;/g, '&');
  const jar = cookieJar();
  let page: Response | undefined;
  for (let hops = 0; hops < 10; hops++) {
    const response = await fetch(location, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      location = new URL(response.headers.get('location')!, location).href;
      continue;
    }
    page = response;
    break;
  }
  // The bank's person picker.
  expect(page!.status).toBe(200);
  const picker = await page!.text();
  expect(picker).toContain('Anna Bērziņa');
  expect(picker).not.toMatch(/140382-1\d{4}/); // codes shown masked
  const action = new URL(/action="([^"]+)"/.exec(picker)![1]!, location).href;
  let response = await fetch(action, { method: 'POST', redirect: 'manual', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, body: 'person=anna' });
  for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
    jar.take(response);
    location = new URL(response.headers.get('location')!, action).href;
    response = await fetch(location, { redirect: 'manual', headers: location.includes('/demo-banka/') ? { cookie: jar.header() } : {} });
  }
  expect(location.startsWith(`${api}/v1/demo/auth/oidc/demo-banka/callback`)).toBe(true);
  const data = JSON.parse(/<script type="application\/json" id="doorstep-oidc">([\s\S]*?)<\/script>/.exec(await response.text())![1]!);
  expect(data.origin).toBe(origin);
  expect(typeof data.message.code).toBe('string');
  const tokens = await fetch(`${api}/v1/demo/auth/oidc/exchange`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ code: data.message.code }) });
  expect(tokens.status).toBe(200);
  expect(((await tokens.json()) as { user: { email: string; authLevel: string } }).user).toMatchObject({ email: 'anna@example.lv', authLevel: 'strong' });
});

test("the bank's person picker refuses someone not on its list", async () => {
  const response = await fetch(`${api}/demo-banka/interaction/not-a-real-interaction/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'person=nobody' });
  expect(response.status).toBe(400);
});

test('DOORSTEP_DEMO_BANK=false leaves it out', async () => {
  const plain = await startDoorstep({ DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'none', NODE_ENV: 'test', LOG_LEVEL: 'silent', DOORSTEP_DEMO_BANK: 'false' });
  try {
    expect((await plain.app.request('/demo-banka/.well-known/openid-configuration')).status).toBe(404);
    expect(await plain.database.db.selectFrom('oidc_providers').select('slug').execute()).toEqual([]);
  } finally {
    await plain.close();
  }
}, 600_000);
