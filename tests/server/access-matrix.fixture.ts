/**
 * @module
 * The world the access matrix runs in, and the people in it.
 *
 * Tenant `matrix` has building A with the target premise and a neighbouring premise, and building
 * B with one premise; tenant `elsewhere` has one premise. Every premise has a sentinel label and
 * account number, so a test can tell whose data a response carries.
 *
 * The personas: the target's owner and proxy; members of the target with every set of rights; a
 * member of the neighbouring premise (same building); the owner in building B; the owner in the
 * other tenant; no token; an expired token.
 */
import { signAccessToken } from '../../server/auth/tokens.ts';
import type { Right } from '../../server/db/types.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

export const TENANT = 'matrix';
export const OTHER_TENANT = 'elsewhere';

export interface SeededPremise {
  id: string;
  label: string;
  accountNumber: string;
  buildingId: string;
  tenantId: string;
}

export type PersonaName =
  | 'owner'
  | 'proxy'
  | 'member (no rights)'
  | 'member (invoices)'
  | 'member (readings)'
  | 'member (invoices, readings)'
  | 'member of another premise'
  | 'resident of another building'
  | 'resident of another tenant'
  | 'no token'
  | 'expired token';

export interface Persona {
  name: PersonaName;
  /** The bearer token sent, if any. */
  token?: string;
  /** The tenant whose path the token belongs to (the other tenant's resident holds a token of its own tenant). */
  tokenTenant: string;
  /** Premises this persona reaches, with how: what it may legitimately see in any response. */
  grants: Array<{ premise: SeededPremise; role: 'owner' | 'proxy' | 'member'; rights: Right[] }>;
  /** The account behind the token (not for `no token`), to open a throwaway session for it. */
  account?: { userId: string; tenantId: string };
}

/** What an expectation's `prepare` gets: the world, and a way to act as the target's owner. */
export interface MatrixFixture {
  ctx: TestContext;
  tenantId: string;
  /** The premise every premise route is asked about. */
  target: SeededPremise;
  neighbour: SeededPremise;
  otherBuilding: SeededPremise;
  otherTenant: SeededPremise;
  /** The target's owner's user id (e.g. the author of a thread set up for a test). */
  ownerId: string;
  /** A fresh value per call, for emails and numbers that must not collide. */
  unique(prefix?: string): string;
  call: typeof call;
}

let counter = 0;

export async function buildMatrixWorld(): Promise<{ fx: MatrixFixture; personas: Persona[]; premises: SeededPremise[] }> {
  const ctx = await createTestApp();
  const db = ctx.database;
  const tenantId = (await createTenant(db, TENANT)).id;
  const otherTenantId = (await createTenant(db, OTHER_TENANT)).id;

  const seed = async (tenant: string, label: string, accountNumber: string, buildingId?: string): Promise<SeededPremise> => {
    const row = await createPremise(db, tenant, label, accountNumber, buildingId);
    return { id: row.id, label, accountNumber, buildingId: row.building_id, tenantId: tenant };
  };
  const target = await seed(tenantId, 'Mērķa iela 1-1', 'SENTINEL-TARGET-1001');
  const neighbour = await seed(tenantId, 'Kaimiņu iela 1-2', 'SENTINEL-NEIGHBOUR-1002', target.buildingId);
  const otherBuilding = await seed(tenantId, 'Citas mājas iela 9-9', 'SENTINEL-BUILDING-B-2001');
  const otherTenant = await seed(otherTenantId, 'Svešā iela 5-5', 'SENTINEL-TENANT-2-3001');

  const personas: Persona[] = [];
  const add = async (
    name: PersonaName,
    tenant: { id: string; slug: string },
    grants: Persona['grants'],
  ): Promise<Persona & { userId: string }> => {
    const email = `${name.replace(/[^a-z]+/g, '-')}@example.lv`;
    const user = await createUser(db, tenant.id, email, { name });
    for (const g of grants) await grant(db, tenant.id, user.id, g.premise.id, g.role, g.rights);
    const persona: Persona = {
      name,
      token: (await login(ctx, tenant.slug, email)).accessToken,
      tokenTenant: tenant.slug,
      grants,
      account: { userId: user.id, tenantId: tenant.id },
    };
    personas.push(persona);
    return Object.assign(persona, { userId: user.id });
  };
  const here = { id: tenantId, slug: TENANT };
  const owner = await add('owner', here, [{ premise: target, role: 'owner', rights: [] }]);
  await add('proxy', here, [{ premise: target, role: 'proxy', rights: [] }]);
  await add('member (no rights)', here, [{ premise: target, role: 'member', rights: [] }]);
  await add('member (invoices)', here, [{ premise: target, role: 'member', rights: ['invoices'] }]);
  await add('member (readings)', here, [{ premise: target, role: 'member', rights: ['readings'] }]);
  await add('member (invoices, readings)', here, [{ premise: target, role: 'member', rights: ['invoices', 'readings'] }]);
  await add('member of another premise', here, [{ premise: neighbour, role: 'member', rights: ['invoices', 'readings'] }]);
  await add('resident of another building', here, [{ premise: otherBuilding, role: 'owner', rights: [] }]);
  await add('resident of another tenant', { id: otherTenantId, slug: OTHER_TENANT }, [{ premise: otherTenant, role: 'owner', rights: [] }]);
  personas.push({ name: 'no token', tokenTenant: TENANT, grants: [] });

  // The owner's own session, with a token that expired a minute ago.
  const ownerSession = await login(ctx, TENANT, 'owner@example.lv');
  const { token: expired } = await signAccessToken(
    ctx.deps.keys,
    { userId: ownerSession.user.id, tenantId, sessionId: sessionIdOf(ownerSession.accessToken), authLevel: 'basic', mustChangePassword: false },
    new Date(ctx.clock.now().getTime() - 6 * 60 * 1000),
  );
  personas.push({ name: 'expired token', token: expired, tokenTenant: TENANT, grants: [] });

  const fx: MatrixFixture = {
    ctx,
    tenantId,
    target,
    neighbour,
    otherBuilding,
    otherTenant,
    ownerId: owner.userId,
    unique: (prefix = 'x') => `${prefix}${++counter}`,
    call,
  };
  return { fx, personas, premises: [target, neighbour, otherBuilding, otherTenant] };
}

function sessionIdOf(jwt: string): string {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { sid: string };
  return payload.sid;
}
