/**
 * The server side of the console's Settings (issue #14): the preview of a window rule's next
 * windows, the last-admin rule on staff accounts (also with two admins demoting each other at
 * once), and the staff lockout counting a wrong TOTP code even between correct passwords.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode } from '../../server/staff/totp.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { loginStaff, openStaffByOperator, passwordStep, STAFF_PASSWORD } from './support/staff.ts';
import { call, createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let tenant: AdminTenant;
let other: AdminTenant;

beforeAll(async () => {
  ctx = await createTestApp();
  tenant = await createAdminTenant(ctx, 'settingsco');
  other = await createAdminTenant(ctx, 'settingsother');
});
afterAll(() => ctx.close());

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

interface Preview {
  windowRule: unknown;
  timeZone: string;
  windows: Array<{ period: string; firstDay: string; lastDay: string; opensAt: string; closesAt: string; source: string }>;
}

describe('the window preview', () => {
  test("the stored rule's next 12 windows, one per period, from the one open now or next", async () => {
    const response = await adminRequest(ctx, tenant, tenant.key, 'POST', '/settings/window-preview', {});
    expect(response.status, await response.clone().text()).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.windowRule).toEqual({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 });
    expect(preview.timeZone).toBe('Europe/Riga');
    expect(preview.windows).toHaveLength(12);
    // The clock stands at 20.05.2026: May's window (30.05–01.06) is the next.
    expect(preview.windows[0]).toMatchObject({ period: '2026-05', firstDay: '2026-05-30', lastDay: '2026-06-01', source: 'rule', opensAt: '2026-05-29T21:00:00.000Z' });
    expect(preview.windows.map((w) => w.period)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04']);
    expect(preview.windows[9]).toMatchObject({ period: '2027-02', firstDay: '2027-02-27', lastDay: '2027-03-01' });
  });

  test('a rule not saved yet is previewed without changing anything; working days skip holidays', async () => {
    const draft = await adminRequest(ctx, tenant, tenant.key, 'POST', '/settings/window-preview', { windowRule: { kind: 'fixed_days', fromDay: 25, toDay: 28 }, count: 3 });
    expect(draft.status).toBe(200);
    expect(((await draft.json()) as Preview).windows.map((w) => [w.firstDay, w.lastDay])).toEqual([
      ['2026-05-25', '2026-05-28'],
      ['2026-06-25', '2026-06-28'],
      ['2026-07-25', '2026-07-28'],
    ]);
    const gas = await adminRequest(ctx, tenant, tenant.key, 'POST', '/settings/window-preview', { windowRule: { kind: 'until_working_day', fromDay: 27, workingDay: 1 }, count: 8 });
    const windows = ((await gas.json()) as Preview).windows;
    // 1 and 2 January are holidays in Latvia (2 January 2027 is a Saturday anyway): the first working day is 4 January.
    expect(windows.find((w) => w.period === '2026-12')).toMatchObject({ firstDay: '2026-12-27', lastDay: '2027-01-04' });
    const settings = (await (await adminRequest(ctx, tenant, tenant.key, 'GET', '/settings')).json()) as { settings: { windowRule: unknown } };
    expect(settings.settings.windowRule).toEqual({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 });
  });

  test('a saved rule and a tenant-wide moved window show in the preview', async () => {
    expect((await adminRequest(ctx, other, other.key, 'PATCH', '/settings', { windowRule: { kind: 'fixed_days', fromDay: 10, toDay: 'last' } })).status).toBe(200);
    const moved = await adminRequest(ctx, other, other.key, 'PUT', '/reading-windows/2026-07', { opensAt: '2026-07-05T00:00:00+03:00', closesAt: '2026-08-03T00:00:00+03:00' });
    expect(moved.status, await moved.clone().text()).toBe(201);
    const preview = (await (await adminRequest(ctx, other, other.key, 'POST', '/settings/window-preview', { count: 4 })).json()) as Preview;
    expect(preview.windows.map((w) => [w.period, w.firstDay, w.lastDay, w.source])).toEqual([
      ['2026-05', '2026-05-10', '2026-05-31', 'rule'],
      ['2026-06', '2026-06-10', '2026-06-30', 'rule'],
      ['2026-07', '2026-07-05', '2026-08-02', 'override'],
      ['2026-08', '2026-08-10', '2026-08-31', 'rule'],
    ]);
    // The other tenant's preview is its own.
    const mine = (await (await adminRequest(ctx, tenant, tenant.key, 'POST', '/settings/window-preview', { count: 3 })).json()) as Preview;
    expect(mine.windows.every((w) => w.source === 'rule' && w.lastDay !== w.firstDay)).toBe(true);
  });

  test('bad input is 400, never 500; no key 401; another tenant’s key 401', async () => {
    for (const body of [{ windowRule: { kind: 'fixed_days', fromDay: 28, toDay: 25 } }, { windowRule: { kind: 'weekly' } }, { count: 0 }, { count: 25 }, { timeZone: 'Mars/Olympus' }, { extra: 1 }]) {
      const response = await adminRequest(ctx, tenant, tenant.key, 'POST', '/settings/window-preview', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await adminRequest(ctx, tenant, tenant.key, 'POST', '/settings/window-preview', 'not json', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await adminRequest(ctx, tenant, undefined, 'POST', '/settings/window-preview', {})).status).toBe(401);
    expect((await adminRequest(ctx, tenant, other.key, 'POST', '/settings/window-preview', {})).status).toBe(401);
  });
});

describe('the last active admin', () => {
  test('cannot be demoted or disabled by a key, and stays admin; with a second admin either may go', async () => {
    const co = await createAdminTenant(ctx, 'lastadminco');
    const only = await openStaffByOperator(ctx, co.slug, 'only@lastadmin.example');
    const helper = await openStaffByOperator(ctx, co.slug, 'helper@lastadmin.example', 'staff');
    const demote = await adminRequest(ctx, co, co.key, 'PATCH', `/staff/${only.id}`, { role: 'staff' });
    expect(demote.status).toBe(409);
    expect(await errorCode(demote)).toBe('last_admin');
    const disable = await adminRequest(ctx, co, co.key, 'DELETE', `/staff/${only.id}`);
    expect(disable.status).toBe(409);
    expect(await errorCode(disable)).toBe('last_admin');
    // Demoting a staff member, or "demoting" to admin, is no business of this rule.
    expect((await adminRequest(ctx, co, co.key, 'PATCH', `/staff/${only.id}`, { role: 'admin' })).status).toBe(200);
    expect((await adminRequest(ctx, co, co.key, 'PATCH', `/staff/${helper.id}`, { role: 'staff' })).status).toBe(200);
    const list = (await (await adminRequest(ctx, co, co.key, 'GET', '/staff')).json()) as { staff: Array<{ id: string; role: string; status: string }> };
    expect(list.staff.find((s) => s.id === only.id)).toMatchObject({ role: 'admin', status: 'active' });

    // A second admin: now the first may be demoted, and the second is then the last.
    expect((await adminRequest(ctx, co, co.key, 'PATCH', `/staff/${helper.id}`, { role: 'admin' })).status).toBe(200);
    expect((await adminRequest(ctx, co, co.key, 'PATCH', `/staff/${only.id}`, { role: 'staff' })).status).toBe(200);
    expect(await errorCode(await adminRequest(ctx, co, co.key, 'DELETE', `/staff/${helper.id}`))).toBe('last_admin');
    // A disabled admin is no admin: disabling the demoted account is fine, the last one stays.
    expect((await adminRequest(ctx, co, co.key, 'DELETE', `/staff/${only.id}`)).status).toBe(204);
    expect(await errorCode(await adminRequest(ctx, co, co.key, 'PATCH', `/staff/${helper.id}`, { role: 'staff' }))).toBe('last_admin');
  });

  test('the last admin cannot demote or disable themselves either', async () => {
    const co = await createAdminTenant(ctx, 'selfadminco');
    const only = await openStaffByOperator(ctx, co.slug, 'self@selfadmin.example');
    const token = await loginStaff(ctx, only);
    const demote = await adminRequest(ctx, co, token, 'PATCH', `/staff/${only.id}`, { role: 'staff' });
    expect(demote.status).toBe(409);
    expect(await errorCode(demote)).toBe('last_admin');
    expect(await errorCode(await adminRequest(ctx, co, token, 'DELETE', `/staff/${only.id}`))).toBe('last_admin');
    // Another tenant's key reaches nothing here; an unknown id is 404 before any rule.
    expect((await adminRequest(ctx, co, tenant.key, 'PATCH', `/staff/${only.id}`, { role: 'staff' })).status).toBe(401);
    expect((await adminRequest(ctx, tenant, tenant.key, 'PATCH', `/staff/${only.id}`, { role: 'staff' })).status).toBe(404);
    expect((await adminRequest(ctx, co, co.key, 'DELETE', '/staff/not-a-uuid')).status).toBe(404);
  });

  test('two admins demoting (or disabling) each other at once: exactly one succeeds, one admin remains', async () => {
    for (const [round, kind] of [
      [1, 'demote'],
      [2, 'disable'],
      [3, 'mixed'],
    ] as const) {
      const co = await createAdminTenant(ctx, `raceadmin${round}`);
      const a = await openStaffByOperator(ctx, co.slug, `a@race${round}.example`);
      const b = await openStaffByOperator(ctx, co.slug, `b@race${round}.example`);
      const [tokenA, tokenB] = [await loginStaff(ctx, a), await loginStaff(ctx, b)];
      const change = (token: string, target: string, disable: boolean) =>
        disable ? adminRequest(ctx, co, token, 'DELETE', `/staff/${target}`) : adminRequest(ctx, co, token, 'PATCH', `/staff/${target}`, { role: 'staff' });
      const answers = await Promise.all([change(tokenA, b.id, kind !== 'demote'), change(tokenB, a.id, kind === 'disable')]);
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200 || s === 204), `${kind}: ${statuses}`).toHaveLength(1);
      // The loser finds the other one gone as admin (or its own session ended with its account).
      const loser = answers.find((r) => r.status !== 200 && r.status !== 204)!;
      expect([409, 401, 403]).toContain(loser.status);
      if (loser.status === 409) expect(await errorCode(loser)).toBe('last_admin');
      const rows = await ctx.database.db.selectFrom('staff_accounts').select(['role', 'status']).where('tenant_id', '=', co.id).execute();
      expect(rows.filter((r) => r.role === 'admin' && r.status === 'active'), kind).toHaveLength(1);
    }
  });
});

describe('staff lockout', () => {
  test('a wrong code counts even when the password before it was right: whoever knows the password cannot guess codes for ever', async () => {
    const account = await openStaffByOperator(ctx, tenant.slug, 'guesser@settingsco.example', 'staff');
    await loginStaff(ctx, account);
    const client = '198.51.100.60';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const first = await passwordStep(ctx, tenant.slug, account.email, STAFF_PASSWORD, client);
      expect(first.status).toBe(200);
      const { loginToken } = (await first.json()) as { loginToken: string };
      const wrong = totpCode(account.secret!, new Date()) === '000000' ? '111111' : '000000';
      statuses.push((await call(ctx, 'POST', `/v1/${tenant.slug}/staff/login/totp`, { body: { loginToken, code: wrong }, client })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await passwordStep(ctx, tenant.slug, account.email, STAFF_PASSWORD, client);
    expect(locked.status).toBe(423);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('a whole login (password and code) clears the failures', async () => {
    const account = await openStaffByOperator(ctx, tenant.slug, 'clearer@settingsco.example', 'staff');
    await loginStaff(ctx, account);
    const client = '198.51.100.61';
    for (let i = 0; i < 4; i++) expect((await passwordStep(ctx, tenant.slug, account.email, 'not-the-password-123', client)).status).toBe(401);
    const first = await passwordStep(ctx, tenant.slug, account.email, STAFF_PASSWORD, client);
    const { loginToken } = (await first.json()) as { loginToken: string };
    expect((await call(ctx, 'POST', `/v1/${tenant.slug}/staff/login/totp`, { body: { loginToken, recoveryCode: account.recoveryCodes.shift() }, client })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await passwordStep(ctx, tenant.slug, account.email, 'not-the-password-123', client)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
  });
});

test('a staff member (role staff) may preview but not change settings, keys or staff', async () => {
  const member = await openStaffByOperator(ctx, tenant.slug, 'member@settingsco.example', 'staff');
  const token = await loginStaff(ctx, member);
  expect((await adminRequest(ctx, tenant, token, 'POST', '/settings/window-preview', {})).status).toBe(200);
  for (const [method, path, body] of [
    ['PATCH', '/settings', { windowRule: { kind: 'fixed_days', fromDay: 1, toDay: 2 } }],
    ['GET', '/keys', undefined],
    ['POST', '/webhooks', { url: 'https://billing.example.lv/hook', events: ['reading.submitted'] }],
    ['PUT', '/oidc-providers/bank', { displayName: 'Bank', issuer: 'https://bank.example', clientId: 'x', clientSecret: 'y' }],
    ['GET', '/staff', undefined],
  ] as const) {
    const response = await adminRequest(ctx, tenant, token, method, path, body);
    expect(response.status, `${method} ${path}`).toBe(403);
    expect(await errorCode(response)).toBe('insufficient_scope');
  }
});
