import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, createPremise, createTenant, createTestApp, createUser, grant, PASSWORD, type TestContext } from './support/test-app.ts';

// Each tenant stores its own rule; the API must use it, and survive a broken one.
let ctx: TestContext;
const premises: Record<string, string> = {};

const TENANTS: Record<string, { rule: unknown; timeZone?: string }> = {
  apse: { rule: { kind: 'fixed_days', fromDay: 25, toDay: 28 } },
  preili: { rule: { kind: 'fixed_days', fromDay: 25, toDay: 'last' } },
  lg: { rule: { kind: 'until_working_day', fromDay: 27, workingDay: 1 } },
  broken: { rule: { kind: 'whenever' }, timeZone: 'Mars/Olympus_Mons' },
};

beforeAll(async () => {
  // Demo mode: the X-Doorstep-Now header sets the request's clock, as the demo page's ?now= does.
  ctx = await createTestApp({ config: { demoMode: true, trustProxy: true } }, '2026-04-27T09:00:00Z');
  for (const [slug, { rule, timeZone }] of Object.entries(TENANTS)) {
    const tenant = await createTenant(ctx.database, slug);
    await ctx.database.db
      .updateTable('tenants')
      .set({ reading_window: JSON.stringify(rule), ...(timeZone ? { time_zone: timeZone } : {}) })
      .where('id', '=', tenant.id)
      .execute();
    const user = await createUser(ctx.database, tenant.id, 'anna@example.lv');
    const premise = await createPremise(ctx.database, tenant.id, 'Ezera iela 1-1', '1');
    await grant(ctx.database, tenant.id, user.id, premise.id, 'owner');
    premises[slug] = premise.id;
  }
});
afterAll(() => ctx.close());

async function windowOf(slug: string, now?: string) {
  // The demo page sends its moment with every request, the login included.
  const headers: Record<string, string> = now ? { 'x-doorstep-now': now } : {};
  const loggedIn = await call(ctx, 'POST', `/v1/${slug}/auth/login`, { headers, body: { email: 'anna@example.lv', password: PASSWORD } });
  const { accessToken } = (await loggedIn.json()) as { accessToken: string };
  const response = await call(ctx, 'GET', `/v1/${slug}/premises/${premises[slug]}/meters`, { token: accessToken, headers });
  expect(response.status).toBe(200);
  return ((await response.json()) as { window: Record<string, unknown> }).window;
}

test('APSE and Preiļi: 25th to 28th, 25th to the end of the month', async () => {
  expect(await windowOf('apse')).toMatchObject({ open: true, period: '2026-04', lastDay: '2026-04-28' });
  expect(await windowOf('apse', '2026-04-29T12:00:00+03:00')).toMatchObject({ open: false, period: '2026-05', firstDay: '2026-05-25' });
  expect(await windowOf('preili', '2026-04-30T23:59:00+03:00')).toMatchObject({ open: true, period: '2026-04', lastDay: '2026-04-30' });
});

test('Latvijas Gāze: open until the first working day after 1 and 4 May', async () => {
  expect(await windowOf('lg', '2026-05-04T12:00:00+03:00')).toMatchObject({ open: true, period: '2026-04', firstDay: '2026-04-27', lastDay: '2026-05-05' });
  expect(await windowOf('lg', '2026-05-06T00:00:00+03:00')).toMatchObject({ open: false, period: '2026-05', firstDay: '2026-05-27' });
});

test('a broken rule and an unknown zone fall back to the default instead of failing', async () => {
  expect(await windowOf('broken', '2026-05-30T10:00:00+03:00')).toMatchObject({ open: true, period: '2026-05', firstDay: '2026-05-30', lastDay: '2026-06-01' });
});
