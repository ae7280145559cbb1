/**
 * `PUT /admin/users/{userId}/personal-code`: the manager sets a person's personal code (a proxy's,
 * who is no customer), so that person's strong login opens their account (server/oidc/strong-login.ts,
 * step 2). Stored only as the keyed hash (server/personal-codes/), never shown, never in the audit
 * log; Latvian format checked with stable codes; one account per code in a tenant; another
 * tenant's ids are not found.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storedPersonalCode } from '../../server/personal-codes/personal-code-key.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { createTestApp, createUser, personalCodeKey, type TestContext } from './support/test-app.ts';

const PROXY_CODE = '140382-10124';

let ctx: TestContext;
let ogre: AdminTenant;
let riga: AdminTenant;

const errorOf = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { code: string; fields?: Record<string, unknown> } }).error });
const setCode = (userId: string, personalCode: unknown, tenant = ogre) => adminRequest(ctx, tenant, tenant.key, 'PUT', `/users/${userId}/personal-code`, { personalCode });
const storedHash = async (userId: string) =>
  (await ctx.database.db.selectFrom('users').select('personal_code_hash').where('id', '=', userId).executeTakeFirstOrThrow()).personal_code_hash;

beforeAll(async () => {
  ctx = await createTestApp();
  ogre = await createAdminTenant(ctx, 'ogre-codes');
  riga = await createAdminTenant(ctx, 'riga-codes');
}, 180_000);
afterAll(async () => {
  await ctx?.close();
});

describe("a proxy's personal code", () => {
  test('is stored only as its keyed hash, said to be set, and never shown or logged', async () => {
    const proxy = await createUser(ctx.database, ogre.id, 'pilnvarota@example.lv', { name: 'Pilnvarotā' });
    const response = await setCode(proxy.id, ' 140382 - 10124 ');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('140382');
    expect(JSON.parse(text)).toMatchObject({ result: 'updated', user: { id: proxy.id, personalCodeSet: true } });
    expect(await storedHash(proxy.id)).toBe(storedPersonalCode(personalCodeKey, PROXY_CODE)!.hash);
    // Nowhere in plain text: not in the row, not in the audit log.
    const row = await ctx.database.db.selectFrom('users').selectAll().where('id', '=', proxy.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/140382|10124/);
    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'admin.user.personal_code_set').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/140382|10124/);
    expect(JSON.stringify(audit)).not.toContain(storedPersonalCode(personalCodeKey, PROXY_CODE)!.hash);

    // The same code written another way: unchanged. GET shows only that one is set.
    expect(await (await setCode(proxy.id, 'PNOLV-14038210124')).json()).toMatchObject({ result: 'unchanged' });
    const read = await adminRequest(ctx, ogre, ogre.key, 'GET', `/users/${proxy.id}`);
    expect(((await read.json()) as { user: { personalCodeSet: boolean } }).user.personalCodeSet).toBe(true);

    // null removes it.
    expect(await (await setCode(proxy.id, null)).json()).toMatchObject({ result: 'removed', user: { personalCodeSet: false } });
    expect(await storedHash(proxy.id)).toBeNull();
  });

  test('not a Latvian personal code: 400 validation_failed, invalid_personal_code; nothing stored', async () => {
    const proxy = await createUser(ctx.database, ogre.id, 'nepareizs@example.lv');
    // A wrong check digit, an impossible date, letters, too short, empty.
    for (const bad of ['140382-10125', '310282-10124', 'abcdef-ghijk', '1403', '']) {
      expect(await errorOf(await setCode(proxy.id, bad))).toMatchObject({ status: 400, code: 'validation_failed', fields: { personalCode: 'invalid_personal_code' } });
    }
    // Not a string, a field too many: the schema's answer, 400 too.
    expect((await errorOf(await setCode(proxy.id, 14038210124))).status).toBe(400);
    const extra = await adminRequest(ctx, ogre, ogre.key, 'PUT', `/users/${proxy.id}/personal-code`, { personalCode: PROXY_CODE, name: 'x' });
    expect((await errorOf(extra)).code).toBe('validation_failed');
    expect(await storedHash(proxy.id)).toBeNull();
  });

  test("one account per code in a tenant: 409 personal_code_taken; another tenant's account may have it", async () => {
    const first = await createUser(ctx.database, ogre.id, 'pirmais@example.lv');
    const second = await createUser(ctx.database, ogre.id, 'otrais@example.lv');
    expect((await setCode(first.id, '010190-12349')).status).toBe(200);
    expect(await errorOf(await setCode(second.id, '01019012349'))).toMatchObject({ status: 409, code: 'personal_code_taken', fields: { personalCode: 'taken' } });
    expect(await storedHash(second.id)).toBeNull();
    const elsewhere = await createUser(ctx.database, riga.id, 'riga@example.lv');
    expect((await setCode(elsewhere.id, '010190-12349', riga)).status).toBe(200);
  });

  test("another tenant's user id, an unknown id and a non-uuid are not found", async () => {
    const theirs = await createUser(ctx.database, riga.id, 'svesais@example.lv');
    expect(await errorOf(await setCode(theirs.id, PROXY_CODE))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await storedHash(theirs.id)).toBeNull();
    expect((await setCode('00000000-0000-4000-8000-000000000000', PROXY_CODE)).status).toBe(404);
    expect((await setCode('not-a-uuid', PROXY_CODE)).status).toBe(404);
  });
});
