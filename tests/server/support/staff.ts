/**
 * @module
 * Staff in tests: an account opened through the operator API (as a real deployment opens the
 * first admin) or by an admin, and its login with the TOTP code computed here. The first login
 * enrols TOTP and keeps the recovery codes, which later logins of the same account use (a TOTP
 * code is good once, and a test logs in faster than its 30-second steps turn).
 */
import { expect } from 'vitest';
import { totpCode } from '../../../server/staff/totp.ts';
import { operatorRequest } from './admin.ts';
import { call, type TestContext } from './test-app.ts';

export const STAFF_PASSWORD = 'Kantoris-Ogre-2026';

export interface StaffAccount {
  id: string;
  email: string;
  role: 'admin' | 'staff';
  tenant: string;
  secret?: string;
  recoveryCodes: string[];
}

export async function openStaffByOperator(ctx: TestContext, tenant: string, email: string, role: 'admin' | 'staff' = 'admin'): Promise<StaffAccount> {
  const response = await operatorRequest(ctx, 'POST', `/tenants/${tenant}/staff`, { email, name: email.split('@')[0], role, password: STAFF_PASSWORD });
  expect(response.status, await response.clone().text()).toBe(201);
  const { staff } = (await response.json()) as { staff: { id: string; email: string } };
  return { id: staff.id, email: staff.email, role, tenant, recoveryCodes: [] };
}

export async function passwordStep(ctx: TestContext, tenant: string, email: string, password = STAFF_PASSWORD, client?: string) {
  return call(ctx, 'POST', `/v1/${tenant}/staff/login`, { body: { email, password }, ...(client ? { client } : {}) });
}

/** Logs the account in (enrolling TOTP the first time) and answers its staff token. */
export async function loginStaff(ctx: TestContext, account: StaffAccount): Promise<string> {
  const first = await passwordStep(ctx, account.tenant, account.email);
  expect(first.status, await first.clone().text()).toBe(200);
  const step = (await first.json()) as { next: 'totp' | 'enrol'; loginToken: string; enrolment: { secret: string } | null };
  if (step.next === 'enrol') account.secret = step.enrolment!.secret;
  const factor = step.next === 'enrol' ? { code: totpCode(account.secret!, new Date()) } : { recoveryCode: account.recoveryCodes.shift()! };
  const second = await call(ctx, 'POST', `/v1/${account.tenant}/staff/login/totp`, { body: { loginToken: step.loginToken, ...factor } });
  expect(second.status, await second.clone().text()).toBe(200);
  const session = (await second.json()) as { token: string; recoveryCodes: string[] | null };
  if (session.recoveryCodes) account.recoveryCodes = session.recoveryCodes;
  return session.token;
}
