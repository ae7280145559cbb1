/**
 * Text Postgres cannot store (a NUL character) is the caller's mistake wherever it arrives: 400
 * `invalid_text`, nothing written — never a 500.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let tenant: AdminTenant;
beforeAll(async () => {
  ctx = await createTestApp();
  tenant = await createAdminTenant(ctx, 'nul');
});
afterAll(() => ctx.close());

test('a NUL in a free-text field answers 400 invalid_text and writes nothing', async () => {
  const response = await adminRequest(ctx, tenant, tenant.key, 'PUT', '/buildings/B-1', { address: 'Rīgas iela\u00001', city: 'Ogre' });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_text');
  expect(await ctx.database.db.selectFrom('buildings').select('id').execute()).toEqual([]);
});

test('a NUL in a premise ref of a grant route is refused before any query', async () => {
  const response = await adminRequest(ctx, tenant, tenant.key, 'DELETE', `/premises/${encodeURIComponent('P\u00001')}/grants/${crypto.randomUUID()}`);
  expect(response.status).toBe(400);
});
