/**
 * @module
 * Who calls, and what each operation expects of them: the caller fixtures of the reliability
 * suites (fuzz, headers, conformance).
 *
 * The world is the access matrix's (tests/server/access-matrix.fixture.ts): tenant `matrix` with
 * a target premise, its owner, proxy and members with each set of rights, a neighbour, a resident
 * of another building, a resident of another tenant, no token and an expired token. Added here:
 * a forged token (signed with another key), a token that is not a JWT, and the other tenant's
 * resident presenting its token on this tenant's path.
 *
 * Each operation of the document needs a fixture, or the suites fail naming it:
 * - resident operations take theirs from the access matrix's table
 *   (tests/server/access-matrix.expectations.ts): who is allowed follows from its scope and
 *   action through the rights module, and `prepare` gives the request;
 * - public operations are in PUBLIC_FIXTURES below;
 * - the manager's admin API (`/v1/{tenant}/admin/…`, API keys `dsk_…`) and the operator's
 *   (`/v1/operator/…`) go in MANAGEMENT_FIXTURES, with their callers made in
 *   MANAGEMENT_CALLERS: one row per operation, one function per kind of caller.
 */
import { signAccessToken, createTokenKeys } from '../../../server/auth/tokens.ts';
import { decide, type Action } from '../../../server/rights/rights.ts';
import { ROUTE_EXPECTATIONS, type RequestPlan as MatrixPlan, type RouteExpectation } from '../../server/access-matrix.expectations.ts';
import { buildMatrixWorld, OTHER_TENANT, TENANT, type MatrixFixture, type Persona, type PersonaName } from '../../server/access-matrix.fixture.ts';
import { login, PASSWORD } from '../../server/support/test-app.ts';
import type { Operation } from './operations.ts';
import { urlFor } from './operations.ts';

export interface RequestPlan extends MatrixPlan {
  /** A body sent as is, with this content type (the fuzz's malformed bodies). */
  raw?: { contentType: string; body: string | Uint8Array };
}

export type ManagementCallerName = 'admin key (read)' | 'admin key (write)' | 'operator' | 'staff';
export type CallerName = PersonaName | 'forged token' | 'not a JWT' | 'resident of another tenant, on this path' | ManagementCallerName;

export interface Caller {
  name: CallerName;
  /** The tenant slug of the path (`{tenant}`). */
  tenant: string;
  /** The resident persona behind it, if any (for fresh sessions and the leak check). */
  persona?: Persona;
  authorization?: string;
}

export interface OperationFixture {
  /** Callers who get `success` for `prepare`'s request. */
  allowed: CallerName[];
  /** Callers who may neither see nor change anything here: 401/403/404, and no row written. */
  forbidden: CallerName[];
  success: number[];
  prepare: (world: World) => Promise<RequestPlan> | RequestPlan;
  /** The operation ends sessions: each call gets a session of its own. */
  throwawaySession?: boolean;
}

export interface World {
  fx: MatrixFixture;
  callers: Caller[];
  caller(name: CallerName): Caller;
}

/**
 * Public operations: no resident token opens them (login, links from emails). `prepare` is the
 * honest request of someone who has what the operation asks for, or, where that is a single-use
 * emailed token, a stale one: the documented refusal is the success of that call.
 */
const PUBLIC_FIXTURES: Record<string, Omit<OperationFixture, 'allowed' | 'forbidden'>> = {
  'POST /v1/{tenant}/auth/login': { success: [200], prepare: () => ({ body: { email: 'owner@example.lv', password: PASSWORD } }) },
  'POST /v1/{tenant}/auth/refresh': {
    success: [200],
    prepare: async (w) => ({ body: { refreshToken: (await login(w.fx.ctx, TENANT, 'proxy@example.lv')).refreshToken } }),
  },
  'POST /v1/{tenant}/auth/logout': {
    success: [204],
    prepare: async (w) => ({ body: { refreshToken: (await login(w.fx.ctx, TENANT, 'proxy@example.lv')).refreshToken } }),
  },
  'POST /v1/{tenant}/auth/register': {
    success: [202, 429],
    prepare: async (w) => ({
      body: { ...(await registrationProof(w.fx)), email: `${w.fx.unique('reg')}@example.lv`, password: 'Kalnu-Ezers-Jauns-2026', name: 'Jauns', acceptTerms: true },
    }),
  },
  'POST /v1/{tenant}/auth/register/confirm': { success: [400], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/auth/password/forgot': { success: [202, 429], prepare: () => ({ body: { email: 'owner@example.lv' } }) },
  'POST /v1/{tenant}/auth/password/reset': { success: [400], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail', password: 'Kalnu-Ezers-Jauns-2026' } }) },
  'POST /v1/{tenant}/me/email/confirm': { success: [400], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/email/unsubscribe': { success: [400], prepare: () => ({ query: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/invitations/lookup': { success: [404], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail' } }) },
  'POST /v1/{tenant}/invitations/accept': { success: [404], prepare: () => ({ body: { token: 'stale-token-from-an-old-mail', password: 'Kalnu-Ezers-Jauns-2026' } }) },
};

/** What a paper invoice of the target premise tells its reader: the proof registration asks for. */
async function registrationProof(fx: MatrixFixture) {
  const number = fx.unique('REG-INV-');
  await fx.ctx.database.db
    .insertInto('invoices')
    .values({ tenant_id: fx.tenantId, premise_id: fx.target.id, number, issue_date: '2026-05-05', period: '2026-04', due_date: '2026-05-25', amount: '45.67', total_due: '45.67' })
    .execute();
  return { accountNumber: fx.target.accountNumber, invoiceNumber: number, invoiceTotal: '45,67' };
}

/**
 * The manager's side (issue #11): one row per operation of `/v1/{tenant}/admin/…` and
 * `/v1/operator/…`, keyed like the document (`GET /v1/{tenant}/admin/premises`), naming who may
 * call it and who may not. Callers come from MANAGEMENT_CALLERS.
 */
const MANAGEMENT_FIXTURES: Record<string, OperationFixture> = {};

/**
 * How each management caller gets its credentials, once the world is built. Left empty until the
 * key-creation code is on main: an operation whose fixture names a caller missing here fails.
 */
const MANAGEMENT_CALLERS: Partial<Record<ManagementCallerName, (fx: MatrixFixture) => Promise<Caller>>> = {};

const RESIDENT_PREFIX = '/v1/{tenant}';
const NO_TOKEN: CallerName[] = ['no token', 'expired token', 'forged token', 'not a JWT', 'resident of another tenant, on this path'];

export async function buildWorld(): Promise<World> {
  const { fx, personas } = await buildMatrixWorld();
  const owner = personas.find((p) => p.name === 'owner')!;
  const ownerClaims = JSON.parse(Buffer.from(owner.token!.split('.')[1]!, 'base64url').toString()) as { sid: string };
  const forged = await signAccessToken(
    createTokenKeys('an-attackers-secret-that-is-long-enough-0123'),
    { userId: owner.account!.userId, tenantId: fx.tenantId, sessionId: ownerClaims.sid, authLevel: 'strong', mustChangePassword: false },
    fx.ctx.clock.now(),
  );
  const callers: Caller[] = personas.map((persona) => ({
    name: persona.name,
    tenant: persona.tokenTenant,
    persona,
    ...(persona.token ? { authorization: `Bearer ${persona.token}` } : {}),
  }));
  const stranger = personas.find((p) => p.tokenTenant === OTHER_TENANT)!;
  callers.push(
    { name: 'forged token', tenant: TENANT, authorization: `Bearer ${forged.token}` },
    { name: 'not a JWT', tenant: TENANT, authorization: 'Bearer not.a.jwt' },
    { name: 'resident of another tenant, on this path', tenant: TENANT, persona: stranger, authorization: `Bearer ${stranger.token}` },
  );
  for (const make of Object.values(MANAGEMENT_CALLERS)) callers.push(await make(fx));
  return {
    fx,
    callers,
    caller(name) {
      const found = callers.find((c) => c.name === name);
      if (!found) throw new Error(`no caller "${name}" in the world (add it to MANAGEMENT_CALLERS in tests/reliability/support/callers.ts)`);
      return found;
    },
  };
}

/** The fixture of an operation, or undefined: the suites then fail naming the operation. */
export function fixtureFor(op: Operation, world: World): OperationFixture | undefined {
  if (op.key in MANAGEMENT_FIXTURES) return MANAGEMENT_FIXTURES[op.key];
  if (op.key in PUBLIC_FIXTURES) return { ...PUBLIC_FIXTURES[op.key]!, allowed: ['no token'], forbidden: [] };
  if (!op.path.startsWith(`${RESIDENT_PREFIX}/`) || op.path.startsWith(`${RESIDENT_PREFIX}/admin/`)) return undefined;
  const expectation = ROUTE_EXPECTATIONS[`${op.method} ${op.path.slice(RESIDENT_PREFIX.length)}`];
  if (!expectation || expectation.scope === 'public' || expectation.scope === 'admin') return undefined;
  return residentFixture(expectation, world);
}

function residentFixture(expectation: Exclude<RouteExpectation, { scope: 'public' | 'admin' }>, world: World): OperationFixture {
  const { fx } = world;
  const allowed: CallerName[] = [];
  const forbidden: CallerName[] = [...NO_TOKEN];
  for (const caller of world.callers) {
    const persona = caller.persona;
    if (!persona?.token || NO_TOKEN.includes(caller.name)) continue;
    const pinned = expectation.overrides?.[persona.name];
    if (pinned !== undefined) {
      (pinned < 400 ? allowed : forbidden).push(caller.name);
      continue;
    }
    if (expectation.scope === 'user') {
      allowed.push(caller.name);
      continue;
    }
    const action: Action = expectation.action;
    const reaches = persona.grants.filter((g) =>
      expectation.scope === 'premise' ? g.premise.id === fx.target.id : g.premise.buildingId === fx.target.buildingId && g.premise.tenantId === fx.target.tenantId,
    );
    const decision = reaches.some((g) => decide({ premiseId: g.premise.id, role: g.role, rights: g.rights }, action) === 'allow');
    (decision ? allowed : forbidden).push(caller.name);
  }
  const success = expectation.success ?? 200;
  return {
    allowed,
    forbidden,
    success: Array.isArray(success) ? success : [success],
    prepare: async () => (await expectation.prepare?.(fx)) ?? {},
    throwawaySession: expectation.session === 'throwaway',
  };
}

/** Builds the request of `plan` by `caller`; path parameters default to the target premise. */
export function requestFor(world: World, op: Operation, plan: RequestPlan, caller: Caller, authorization = caller.authorization): Request {
  const { fx } = world;
  const values: Record<string, string> = { tenant: caller.tenant, premiseId: fx.target.id, buildingId: fx.target.buildingId, ...plan.params };
  const url = `http://doorstep.test${urlFor(op.path, values, plan.query)}`;
  const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.7' };
  if (authorization) headers.authorization = authorization;
  let body: BodyInit | undefined;
  if (plan.raw) {
    headers['content-type'] = plan.raw.contentType;
    body = plan.raw.body as BodyInit;
  } else if (plan.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(plan.form)) form.append(name, value);
    body = form;
  } else if (plan.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(plan.body);
  }
  return new Request(url, { method: op.method, headers, ...(body !== undefined ? { body } : {}) });
}

/**
 * After an operation that ends every session of the account (logout everywhere), the callers of
 * that account log in again, so the operations after it still see them.
 */
export async function renewSessions(world: World, fixture: OperationFixture, caller: Caller): Promise<void> {
  const persona = caller.persona;
  if (!fixture.throwawaySession || !persona?.account || caller.name === 'expired token') return;
  const email = `${persona.name.replace(/[^a-z]+/g, '-')}@example.lv`;
  persona.token = (await login(world.fx.ctx, persona.tokenTenant, email)).accessToken;
  for (const other of world.callers) if (other.persona === persona && other.authorization) other.authorization = `Bearer ${persona.token}`;
}

/** The caller's authorization for one call: a session of its own when the operation ends sessions. */
export async function authorizationFor(world: World, fixture: OperationFixture, caller: Caller): Promise<string | undefined> {
  const account = caller.persona?.account;
  if (!fixture.throwawaySession || !account || caller.name === 'expired token' || caller.name === 'resident of another tenant, on this path') return caller.authorization;
  const email = `${caller.persona!.name.replace(/[^a-z]+/g, '-')}@example.lv`;
  const tenant = caller.persona!.tokenTenant;
  return `Bearer ${(await login(world.fx.ctx, tenant, email)).accessToken}`;
}
