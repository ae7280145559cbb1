/**
 * Two instances of the built server on one Postgres database, requests alternating between them,
 * as behind a load balancer: what one instance does, the other honours.
 * - the same reading submitted through both at once is stored once;
 * - a logout on one makes the refresh token fail on the other;
 * - failed logins counted on one lock the account out on the other too;
 * - a tenant setting changed through one (allowed origins) is seen by the other within the
 *   tenant cache's bound (5 s, server/tenancy/tenants.ts; docs/security.md).
 * Postgres only (the embedded database belongs to one process); skipped without TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshPostgresDatabase, postgresUrl, query } from './support/postgres.ts';
import { api, DEMO_PASSWORD, logIn, metersOf } from './support/residents.ts';
import { startServer, type RunningServer } from './support/server.ts';

const OPERATOR_TOKEN = 'two-instances-operator-token-0123456789abcdef';
/** The tenant cache's time to live (server/tenancy/tenants.ts), and room for a slow machine. */
const TENANT_CACHE_BOUND_MS = 5_000;
const SLACK_MS = 15_000;

describe.skipIf(!postgresUrl)('two instances on one Postgres', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    const env = { DATABASE_URL: database.url, JWT_SECRET: 'two-instances-secret-that-is-long-enough-01', DOORSTEP_OPERATOR_TOKEN: OPERATOR_TOKEN };
    // The first seeds the demo data; the second starts on the database as it is.
    a = await startServer('node', { ...env, DOORSTEP_SEED: 'demo' }, { startSeconds: 240 });
    b = await startServer('node', { ...env, DOORSTEP_SEED: 'none' }, { startSeconds: 240 });
    const period = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    await query(
      database.url,
      `insert into reading_window_overrides (tenant_id, period, opens_at, closes_at, note)
       select id, $1, now() - interval '1 day', now() + interval '1 day', 'two instances' from tenants where slug = 'demo'`,
      [period],
    );
  }, 600_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  test('the same submission through both at once stores one version', async () => {
    const anna = await logIn(a.url, 'anna@example.lv');
    const [meter] = await metersOf(b.url, anna);
    expect(meter, 'a meter open for readings').toBeDefined();
    const path = `/v1/demo/premises/${meter!.premiseId}/meters/${meter!.meterId}/readings`;
    const body = { value: '777777,5', confirm: true };
    const answers = await Promise.all([a, b, a, b].map((server) => api(server.url, 'POST', path, { token: anna.accessToken, body })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201), `answers ${statuses.join(', ')}`).toHaveLength(1);
    for (const status of statuses) expect([200, 201, 409]).toContain(status);
    const stored = await query<{ n: number }>(database.url, `select count(*)::int as n from readings where meter_id = $1 and value = 777777.5`, [meter!.meterId]);
    expect(stored[0]!.n).toBe(1);
    const current = await query<{ n: number }>(database.url, `select count(*)::int as n from readings where meter_id = $1 and is_current group by period having count(*) > 1`, [meter!.meterId]);
    expect(current).toEqual([]);
  });

  test('a logout on one makes the refresh token fail on the other', async () => {
    const session = await logIn(a.url, 'peteris@example.lv');
    expect((await api(a.url, 'POST', '/v1/demo/auth/logout', { token: session.accessToken, body: { refreshToken: session.refreshToken } })).status).toBe(204);
    const refresh = await api(b.url, 'POST', '/v1/demo/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(refresh.status).toBe(401);
    expect((await api(b.url, 'GET', '/v1/demo/me', { token: session.accessToken })).status).toBe(401);
  });

  test('failed logins counted on one lock the account out on the other', async () => {
    const servers = [a, b];
    let lockedAt = -1;
    for (let attempt = 0; attempt < 30 && lockedAt < 0; attempt++) {
      const response = await api(servers[attempt % 2]!.url, 'POST', '/v1/demo/auth/login', { body: { email: 'liga@example.lv', password: 'not-her-password-at-all' } });
      if (response.status === 423) lockedAt = attempt;
      else expect(response.status).toBe(401);
    }
    expect(lockedAt, 'the account was locked out').toBeGreaterThan(0);
    // The other instance refuses too, even the right password, until the lockout ends.
    const other = servers[(lockedAt + 1) % 2]!;
    const right = await api(other.url, 'POST', '/v1/demo/auth/login', { body: { email: 'liga@example.lv', password: DEMO_PASSWORD } });
    expect(right.status).toBe(423);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test(`a tenant's allowed origins changed through one are seen by the other within ${TENANT_CACHE_BOUND_MS / 1000} s`, async () => {
    const origin = 'https://new-site.example';
    const preflight = () =>
      api(b.url, 'OPTIONS', '/v1/demo/me', { headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    // B has the tenant cached, without the new origin.
    expect((await preflight()).headers.get('access-control-allow-origin')).not.toBe(origin);

    const tenant = (await (await api(a.url, 'GET', '/v1/operator/tenants/demo', { token: OPERATOR_TOKEN })).json()) as { tenant: { allowedOrigins: string[] } };
    const changed = await api(a.url, 'PATCH', '/v1/operator/tenants/demo', { token: OPERATOR_TOKEN, body: { allowedOrigins: [...tenant.tenant.allowedOrigins, origin] } });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const changedAt = Date.now();

    let seen = false;
    while (!seen && Date.now() - changedAt < TENANT_CACHE_BOUND_MS + SLACK_MS) {
      seen = (await preflight()).headers.get('access-control-allow-origin') === origin;
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(seen, 'the other instance never saw the new origin').toBe(true);
  });
});
