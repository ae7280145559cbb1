/**
 * Staff account security (issue #14): changing one's own password (the current one is asked for
 * and guessing it locks like a login), an admin's reset to a temporary password that must be
 * changed before the session opens anything, an admin's reset of a lost authenticator app and its
 * recovery codes, role changes — and who may do each (admin-rights.ts): never a `staff` member,
 * never to one's own account, never across tenants.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { totpCode } from '../../server/staff/totp.ts';
import { adminRequest, createAdminTenant, type AdminTenant } from './support/admin.ts';
import { loginStaff, openStaffByOperator, passwordStep, STAFF_PASSWORD, type StaffAccount } from './support/staff.ts';
import { call, createTestApp, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let tenant: AdminTenant;
let other: AdminTenant;
let admin: StaffAccount;
let adminToken: string;

beforeAll(async () => {
  ctx = await createTestApp();
  tenant = await createAdminTenant(ctx, 'secureco');
  other = await createAdminTenant(ctx, 'elsewhere');
  admin = await openStaffByOperator(ctx, tenant.slug, 'boss@secureco.example');
  adminToken = await loginStaff(ctx, admin);
});
afterAll(() => ctx.close());

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
const changePassword = (token: string, currentPassword: string, newPassword: string, client?: string) =>
  call(ctx, 'POST', `/v1/${tenant.slug}/staff/password`, { token, body: { currentPassword, newPassword }, ...(client ? { client } : {}) });
const audited = (action: string, staffId: string) =>
  ctx.database.db.selectFrom('audit_log').select(['actor_kind', 'details']).where('action', '=', action).where('target_id', '=', staffId).execute();

/** Logs in with `password` and one of the account's recovery codes (a TOTP code is good once per step). */
async function loginWith(account: StaffAccount, password: string) {
  const first = await passwordStep(ctx, account.tenant, account.email, password);
  expect(first.status, await first.clone().text()).toBe(200);
  const step = (await first.json()) as { next: string; loginToken: string };
  expect(step.next).toBe('totp');
  return call(ctx, 'POST', `/v1/${account.tenant}/staff/login/totp`, { body: { loginToken: step.loginToken, recoveryCode: account.recoveryCodes.shift()! } });
}

describe('changing one’s own password', () => {
  test('the current password is asked for; the new one follows the rules; the other sessions end; the new one logs in', async () => {
    const me = await openStaffByOperator(ctx, tenant.slug, 'self@secureco.example', 'staff');
    const token = await loginStaff(ctx, me);
    const otherSession = await loginStaff(ctx, me);

    const weak = await changePassword(token, STAFF_PASSWORD, 'short');
    expect(weak.status).toBe(422);
    expect(await errorCode(weak)).toBe('password_rejected');
    const same = await changePassword(token, STAFF_PASSWORD, STAFF_PASSWORD);
    expect(await errorCode(same)).toBe('password_unchanged');
    const wrong = await changePassword(token, 'Not-The-Password-1', 'Jauna-Parole-Birojam-7');
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('invalid_current_password');

    const changed = await changePassword(token, STAFF_PASSWORD, 'Jauna-Parole-Birojam-7');
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(((await changed.json()) as { staff: { mustChangePassword: boolean } }).staff.mustChangePassword).toBe(false);
    // This session goes on; the other one (a forgotten office computer) has ended.
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token })).status).toBe(200);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token: otherSession })).status).toBe(401);
    expect((await passwordStep(ctx, tenant.slug, me.email, STAFF_PASSWORD)).status).toBe(401);
    expect((await passwordStep(ctx, tenant.slug, me.email, 'Jauna-Parole-Birojam-7')).status).toBe(200);
    expect(await audited('admin.staff.password_changed', me.id)).toEqual([{ actor_kind: 'staff', details: { staffId: me.id, temporary: false } }]);
  });

  test('a stolen session guessing the current password is locked out like a login, and the lock holds the login too', async () => {
    const victim = await openStaffByOperator(ctx, tenant.slug, 'victim@secureco.example', 'staff');
    const stolen = await loginStaff(ctx, victim);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await changePassword(stolen, `Guess-Number-${i}-Birojs`, 'Uzbrucejs-Parole-2026', '198.51.100.7')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // Even the right current password is refused while locked, from that client …
    const locked = await changePassword(stolen, STAFF_PASSWORD, 'Uzbrucejs-Parole-2026', '198.51.100.7');
    expect(locked.status).toBe(423);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // … and so is the login with it from there; the password did not change.
    expect((await passwordStep(ctx, tenant.slug, victim.email, STAFF_PASSWORD, '198.51.100.7')).status).toBe(423);
    expect((await passwordStep(ctx, tenant.slug, victim.email, 'Uzbrucejs-Parole-2026', '203.0.113.9')).status).toBe(401);
  });

  test('an API key, a resident token or no token cannot change a staff password', async () => {
    expect((await changePassword(tenant.key, STAFF_PASSWORD, 'Jauna-Parole-Birojam-8')).status).toBe(401);
    expect((await call(ctx, 'POST', `/v1/${tenant.slug}/staff/password`, { body: { currentPassword: STAFF_PASSWORD, newPassword: 'Jauna-Parole-Birojam-8' } })).status).toBe(401);
  });
});

describe("an admin resets a staff member's password", () => {
  test('to a temporary one shown once; their sessions end; the next login opens nothing until they choose their own', async () => {
    const clerk = await openStaffByOperator(ctx, tenant.slug, 'clerk@secureco.example', 'staff');
    const clerkToken = await loginStaff(ctx, clerk);
    const reset = await adminRequest(ctx, tenant, adminToken, 'POST', `/staff/${clerk.id}/password-reset`);
    expect(reset.status, await reset.clone().text()).toBe(200);
    const { temporaryPassword, staff } = (await reset.json()) as { temporaryPassword: string; staff: { mustChangePassword: boolean } };
    expect(staff.mustChangePassword).toBe(true);
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token: clerkToken })).status).toBe(401);
    expect((await passwordStep(ctx, tenant.slug, clerk.email, STAFF_PASSWORD)).status).toBe(401);

    // The temporary password and the authenticator app (unchanged) log in …
    const login = await loginWith(clerk, temporaryPassword);
    expect(login.status, await login.clone().text()).toBe(200);
    const session = (await login.json()) as { token: string; staff: { mustChangePassword: boolean } };
    expect(session.staff.mustChangePassword).toBe(true);
    // … to a session that opens no admin route, but tells the console why …
    const blocked = await adminRequest(ctx, tenant, session.token, 'GET', '/threads');
    expect(blocked.status).toBe(403);
    expect(await errorCode(blocked)).toBe('password_change_required');
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token: session.token })).status).toBe(200);
    // … until the password is their own.
    const changed = await changePassword(session.token, temporaryPassword, 'Mana-Pasa-Parole-2026');
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect((await adminRequest(ctx, tenant, session.token, 'GET', '/threads')).status).toBe(200);
    expect(await audited('admin.staff.password_reset', clerk.id)).toEqual([{ actor_kind: 'staff', details: { staffId: admin.id } }]);
    expect(await audited('admin.staff.password_changed', clerk.id)).toEqual([{ actor_kind: 'staff', details: { staffId: clerk.id, temporary: true } }]);
  });
});

describe("an admin resets a staff member's authenticator app", () => {
  test('the key and the recovery codes are forgotten, the sessions end, and the next login enrols a new app', async () => {
    const lost = await openStaffByOperator(ctx, tenant.slug, 'lostphone@secureco.example', 'staff');
    const token = await loginStaff(ctx, lost);
    const oldRecovery = lost.recoveryCodes[0]!;
    const reset = await adminRequest(ctx, tenant, adminToken, 'POST', `/staff/${lost.id}/totp-reset`);
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { staff: { totpEnrolled: boolean } }).staff.totpEnrolled).toBe(false);
    expect((await call(ctx, 'GET', `/v1/${tenant.slug}/staff/session`, { token })).status).toBe(401);
    expect(await ctx.database.db.selectFrom('staff_recovery_codes').select('code_hash').where('staff_id', '=', lost.id).execute()).toEqual([]);

    const step = (await (await passwordStep(ctx, tenant.slug, lost.email)).json()) as { next: string; loginToken: string; enrolment: { secret: string } };
    expect(step.next).toBe('enrol');
    expect(step.enrolment.secret).not.toBe(lost.secret);
    // An old recovery code is worth nothing now.
    const recovery = await call(ctx, 'POST', `/v1/${tenant.slug}/staff/login/totp`, { body: { loginToken: step.loginToken, recoveryCode: oldRecovery } });
    expect(recovery.status).toBe(401);
    const enrolled = await call(ctx, 'POST', `/v1/${tenant.slug}/staff/login/totp`, { body: { loginToken: step.loginToken, code: totpCode(step.enrolment.secret, new Date()) } });
    expect(enrolled.status).toBe(200);
    expect(((await enrolled.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    expect(await audited('admin.staff.totp_reset', lost.id)).toHaveLength(1);
  });
});

describe('who may', () => {
  test('a staff member may reset nobody; an admin nothing of their own account; nobody another tenant’s staff', async () => {
    const worker = await openStaffByOperator(ctx, tenant.slug, 'worker@secureco.example', 'staff');
    const workerToken = await loginStaff(ctx, worker);
    for (const path of [`/staff/${admin.id}/password-reset`, `/staff/${admin.id}/totp-reset`]) {
      const response = await adminRequest(ctx, tenant, workerToken, 'POST', path);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('insufficient_scope');
    }
    expect((await adminRequest(ctx, tenant, workerToken, 'PATCH', `/staff/${worker.id}`, { role: 'admin' })).status).toBe(403);

    // The tenant's only admin: demoting or disabling it is refused as the last admin's (console-settings.test.ts).
    for (const [method, path, body, code] of [
      ['POST', `/staff/${admin.id}/password-reset`, undefined, 'own_staff_account'],
      ['POST', `/staff/${admin.id}/totp-reset`, undefined, 'own_staff_account'],
      ['PATCH', `/staff/${admin.id}`, { role: 'staff' }, 'last_admin'],
      ['DELETE', `/staff/${admin.id}`, undefined, 'last_admin'],
    ] as const) {
      const response = await adminRequest(ctx, tenant, adminToken, method, path, body);
      expect({ path, method, status: response.status }).toEqual({ path, method, status: 409 });
      expect(await errorCode(response)).toBe(code);
    }

    const foreign = await openStaffByOperator(ctx, other.slug, 'someone@elsewhere.example', 'staff');
    expect((await adminRequest(ctx, tenant, adminToken, 'POST', `/staff/${foreign.id}/password-reset`)).status).toBe(404);
    expect((await adminRequest(ctx, tenant, adminToken, 'POST', '/staff/not-a-uuid/totp-reset')).status).toBe(404);
    expect((await adminRequest(ctx, tenant, adminToken, 'PATCH', `/staff/${worker.id}`, { role: 'boss' })).status).toBe(400);
    // A write key may (the CLI and a manager's own tooling): that is the staff.manage rule.
    expect((await adminRequest(ctx, tenant, tenant.key, 'POST', `/staff/${worker.id}/totp-reset`)).status).toBe(200);
  });

  test('an admin promotes a staff member, who may then manage staff at once, audited', async () => {
    const rising = await openStaffByOperator(ctx, tenant.slug, 'rising@secureco.example', 'staff');
    const token = await loginStaff(ctx, rising);
    expect((await adminRequest(ctx, tenant, token, 'GET', '/staff')).status).toBe(403);
    const promoted = await adminRequest(ctx, tenant, adminToken, 'PATCH', `/staff/${rising.id}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(((await promoted.json()) as { staff: { role: string } }).staff.role).toBe('admin');
    expect((await adminRequest(ctx, tenant, token, 'GET', '/staff')).status).toBe(200);
    expect(await audited('admin.staff.role_changed', rising.id)).toEqual([{ actor_kind: 'staff', details: { from: 'staff', to: 'admin', staffId: admin.id } }]);
  });
});
