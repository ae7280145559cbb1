/**
 * Staff accounts and their login (issue #14): password with the residents' lockout, TOTP with
 * enrolment, replay and recovery codes, short sessions that are never residents' sessions, and
 * roles on the admin routes (the full route × role matrix is in admin-access.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode, acceptedTotpStep, normalRecoveryCode, newRecoveryCodes, totpStepAt, newTotpKey } from '../../server/staff/totp.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { loginStaff, openStaffByOperator, passwordStep, STAFF_PASSWORD, type StaffAccount } from './support/staff.ts';
import { call, createUser, login, PASSWORD, type TestContext, createTestApp } from './support/test-app.ts';

let ctx: TestContext;
let tenant: AdminTenant;
let other: AdminTenant;
let admin: StaffAccount;
let adminToken: string;

beforeAll(async () => {
  ctx = await createTestApp();
  tenant = await createAdminTenant(ctx, 'staffco');
  other = await createAdminTenant(ctx, 'otherco');
  admin = await openStaffByOperator(ctx, tenant.slug, 'ilze@staffco.example');
  adminToken = await loginStaff(ctx, admin);
});
afterAll(() => ctx.close());

async function secondFactor(tenantSlug: string, body: Record<string, unknown>, client?: string) {
  return call(ctx, 'POST', `/v1/${tenantSlug}/staff/login/totp`, { body, ...(client ? { client } : {}) });
}

async function loginToken(account: StaffAccount, client?: string) {
  const response = await passwordStep(ctx, account.tenant, account.email, STAFF_PASSWORD, client);
  expect(response.status).toBe(200);
  return ((await response.json()) as { loginToken: string }).loginToken;
}

describe('TOTP rules', () => {
  test('a code is good for its step and one either side, once, and never for an earlier step', () => {
    const key = newTotpKey();
    const at = new Date('2026-06-01T10:00:15Z');
    const code = totpCode(key, at);
    const step = totpStepAt(at);
    expect(acceptedTotpStep(key, code, at, null)).toBe(step);
    expect(acceptedTotpStep(key, code, new Date(at.getTime() + 30_000), null)).toBe(step);
    expect(acceptedTotpStep(key, code, new Date(at.getTime() + 90_000), null)).toBeNull();
    expect(acceptedTotpStep(key, code, at, step)).toBeNull();
    expect(acceptedTotpStep(key, '12345', at, null)).toBeNull();
    expect(acceptedTotpStep(key, code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)), at, null)).toBeNull();
  });

  test('recovery codes are distinct and read back as typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(normalRecoveryCode(` ${codes[0]!.toUpperCase().replace('-', ' ')} `)).toBe(codes[0]);
    expect(normalRecoveryCode('short')).toBeNull();
  });
});

describe('login', () => {
  test('the first login enrols TOTP with a QR code and answers ten recovery codes once', async () => {
    const account = await openStaffByOperator(ctx, tenant.slug, 'enrol@staffco.example', 'staff');
    const first = await passwordStep(ctx, tenant.slug, account.email);
    const step = (await first.json()) as { next: string; loginToken: string; enrolment: { secret: string; uri: string; qr: { size: number; path: string } } };
    expect(step.next).toBe('enrol');
    expect(step.loginToken).toMatch(/^dsc_/);
    expect(step.enrolment.uri).toContain(`secret=${step.enrolment.secret}`);
    expect(step.enrolment.qr.path).toMatch(/^M/);
    const done = await secondFactor(tenant.slug, { loginToken: step.loginToken, code: totpCode(step.enrolment.secret, new Date()) });
    expect(done.status).toBe(200);
    const session = (await done.json()) as { token: string; recoveryCodes: string[]; staff: { totpEnrolled: boolean; role: string } };
    expect(session.token).toMatch(/^dss_/);
    expect(session.recoveryCodes).toHaveLength(10);
    expect(session.staff).toMatchObject({ totpEnrolled: true, role: 'staff' });
    // Stored hashed only.
    const stored = await ctx.database.db.selectFrom('staff_recovery_codes').select('code_hash').where('staff_id', '=', account.id).execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(session.recoveryCodes[0]);
    // The next login asks for a code, without a new key.
    const again = (await (await passwordStep(ctx, tenant.slug, account.email)).json()) as { next: string; enrolment: unknown };
    expect(again).toMatchObject({ next: 'totp', enrolment: null });
  });

  test('a wrong code, a replayed code and a reused recovery code are refused', async () => {
    const wrong = await secondFactor(tenant.slug, { loginToken: await loginToken(admin, '198.51.100.7'), code: '000000' === totpCode(admin.secret!, new Date()) ? '111111' : '000000' }, '198.51.100.7');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_code');
    // The code the enrolment used (this step) is spent: replaying it within its window fails.
    const replayed = await secondFactor(tenant.slug, { loginToken: await loginToken(admin, '198.51.100.7'), code: totpCode(admin.secret!, new Date()) }, '198.51.100.7');
    expect(replayed.status).toBe(401);
    const recovery = admin.recoveryCodes[0]!;
    const once = await secondFactor(tenant.slug, { loginToken: await loginToken(admin, '198.51.100.8'), recoveryCode: recovery }, '198.51.100.8');
    expect(once.status).toBe(200);
    const twice = await secondFactor(tenant.slug, { loginToken: await loginToken(admin, '198.51.100.8'), recoveryCode: recovery }, '198.51.100.8');
    expect(twice.status).toBe(401);
    admin.recoveryCodes.shift();
  });

  test('the login token opens only the second step, once', async () => {
    const token = await loginToken(admin);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/threads')).status).toBe(401);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token })).status).toBe(401);
    const used = await secondFactor(tenant.slug, { loginToken: token, recoveryCode: admin.recoveryCodes.shift()! });
    expect(used.status).toBe(200);
    const again = await secondFactor(tenant.slug, { loginToken: token, recoveryCode: admin.recoveryCodes[0]! });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('login_expired');
  });

  test('wrong passwords lock the staff login (423, Retry-After) without locking the resident with the same email', async () => {
    const account = await openStaffByOperator(ctx, tenant.slug, 'shared@staffco.example', 'staff');
    await createUser(ctx.database, tenant.id, account.email);
    const client = '198.51.100.20';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await passwordStep(ctx, tenant.slug, account.email, 'not-the-password-123', client)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await passwordStep(ctx, tenant.slug, account.email, STAFF_PASSWORD, client);
    expect(locked.status).toBe(423);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const resident = await call(ctx, 'POST', `/v1/${tenant.slug}/auth/login`, { body: { email: account.email, password: PASSWORD }, client });
    expect(resident.status).toBe(200);
  });

  test('an unknown email answers exactly like a wrong password', async () => {
    const unknown = await passwordStep(ctx, tenant.slug, 'nobody@staffco.example', STAFF_PASSWORD, '198.51.100.30');
    const wrong = await passwordStep(ctx, tenant.slug, admin.email, 'not-the-password-123', '198.51.100.30');
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });
});

describe('sessions are their own kind, and short', () => {
  test('a staff token opens no resident route, and a resident token no staff route', async () => {
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/me`, { token: adminToken })).status).toBe(401);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token: adminToken })).status).toBe(200);
    const resident = await createUser(ctx.database, tenant.id, 'resident@staffco.example');
    const { accessToken } = await login(ctx, tenant.slug, resident.email);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token: accessToken })).status).toBe(401);
    expect((await adminRequest(ctx, tenant, accessToken, 'GET', '/threads')).status).toBe(401);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token: tenant.key })).status).toBe(401);
  });

  test("a staff token is no good on another tenant's paths", async () => {
    expect((await adminRequest(ctx, other, adminToken, 'GET', '/threads')).status).toBe(401);
    expect((await call(ctx, 'GET', `/v1/${other.slug}/staff/session`, { token: adminToken })).status).toBe(401);
  });

  test('a session ends after 30 idle minutes, slides while used, and logout ends it at once', async () => {
    const token = await loginStaff(ctx, admin);
    ctx.clock.advance(20 * 60 * 1000);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/threads')).status).toBe(200);
    ctx.clock.advance(20 * 60 * 1000);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/threads')).status).toBe(200);
    ctx.clock.advance(31 * 60 * 1000);
    const expired = await adminRequest(ctx, tenant, token, 'GET', '/threads');
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('invalid_staff_session');

    const live = await loginStaff(ctx, admin);
    expect((await call(ctx, 'POST', `/v1/${tenant.slug}/staff/logout`, { token: live })).status).toBe(204);
    expect((await adminRequest(ctx, tenant, live, 'GET', '/threads')).status).toBe(401);
    adminToken = await loginStaff(ctx, admin);
  });
});

describe('roles and the audit log', () => {
  test('an admin opens a staff account (audited with who did it); staff may work but not manage keys, settings or staff', async () => {
    const created = await adminRequest(ctx, tenant, adminToken, 'POST', '/staff', { email: 'Juris@Staffco.example', name: 'Juris', role: 'staff' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { staff: { id: string; email: string }; temporaryPassword: string };
    expect(body.staff.email).toBe('juris@staffco.example');
    expect(body.temporaryPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const entry = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'admin.staff.created').where('target_id', '=', body.staff.id).executeTakeFirstOrThrow();
    expect(entry.actor_kind).toBe('staff');
    expect(entry.details).toMatchObject({ staffId: admin.id });

    const juris: StaffAccount = { id: body.staff.id, email: body.staff.email, role: 'staff', tenant: tenant.slug, recoveryCodes: [] };
    const first = await passwordStep(ctx, tenant.slug, juris.email, body.temporaryPassword);
    const step = (await first.json()) as { loginToken: string; enrolment: { secret: string } };
    const session = (await (await secondFactor(tenant.slug, { loginToken: step.loginToken, code: totpCode(step.enrolment.secret, new Date()) })).json()) as { token: string };
    const token = session.token;
    expect((await adminRequest(ctx, tenant, token, 'GET', '/threads')).status).toBe(200);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/keys')).status).toBe(403);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/staff')).status).toBe(403);
    expect((await adminRequest(ctx, tenant, token, 'PATCH', '/settings', {})).status).toBe(403);
    expect((await adminRequest(ctx, tenant, adminToken, 'GET', '/keys')).status).toBe(200);

    // Disabling the account ends its session at once.
    expect((await adminRequest(ctx, tenant, adminToken, 'DELETE', `/staff/${juris.id}`)).status).toBe(204);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/threads')).status).toBe(401);
    const list = (await (await adminRequest(ctx, tenant, adminToken, 'GET', '/staff')).json()) as { staff: { email: string; status: string }[] };
    expect(list.staff.find((s) => s.email === juris.email)?.status).toBe('disabled');
  });

  test('a taken email is 409; the operator cannot open staff of a tenant that does not exist', async () => {
    expect((await adminRequest(ctx, tenant, adminToken, 'POST', '/staff', { email: admin.email, name: 'Again' })).status).toBe(409);
    const response = await call(ctx, 'POST', '/v1/operator/tenants/nope/staff', { body: { email: 'x@example.lv', name: 'X' }, headers: { authorization: 'Bearer operator-token-for-tests-0123456789abcdef' } });
    expect(response.status).toBe(404);
  });
});
