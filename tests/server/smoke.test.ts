import { afterAll, beforeAll, expect, test } from 'vitest';
import { call, createTenant, createTestApp, createUser, login, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
  const t = await createTenant(ctx.database, 'ogre');
  await createUser(ctx.database, t.id, 'anna@example.lv');
});
afterAll(() => ctx.close());

test('healthz and login and me', async () => {
  expect((await call(ctx, 'GET', '/healthz')).status).toBe(200);
  const tokens = await login(ctx, 'ogre', 'anna@example.lv');
  const me = await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken });
  expect(me.status).toBe(200);
  expect((await me.json()).user.email).toBe('anna@example.lv');
});
