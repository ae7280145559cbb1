/**
 * The resident request path (server/db/database.ts withTenant, server/auth/resident.ts): what it
 * must guarantee. Runs on PGlite and, with DOORSTEP_TEST_DB=postgres, on Postgres.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { liveSessionOf, liveSessionRows, type LiveSessionRow } from '../../server/auth/sessions.ts';
import type { Tx } from '../../server/db/database.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

describe('liveSessionOf', () => {
  const now = new Date('2026-05-20T09:00:00Z');
  const row = (extra: Partial<LiveSessionRow> = {}): LiveSessionRow => ({
    session_id: 's',
    auth_level: 'basic',
    expires_at: new Date('2026-05-20T10:00:00Z'),
    absolute_expires_at: new Date('2026-05-21T00:00:00Z'),
    revoked_at: null,
    id: 'u',
    email: 'anna@example.lv',
    name: 'Anna',
    language: 'lv',
    status: 'active',
    must_change_password: false,
    phone: null,
    grant_premise_id: 'p1',
    grant_role: 'owner',
    grant_rights: [],
    ...extra,
  });

  test('a live session with its grants, one per row', () => {
    const live = liveSessionOf([row(), row({ grant_premise_id: 'p2', grant_role: 'member', grant_rights: ['readings'] })], now);
    expect(live?.user).not.toHaveProperty('grant_premise_id');
    expect(live?.user.email).toBe('anna@example.lv');
    expect(live?.grants).toEqual([
      { premiseId: 'p1', role: 'owner', rights: [] },
      { premiseId: 'p2', role: 'member', rights: ['readings'] },
    ]);
  });

  test('a user without grants is still a live session', () => {
    expect(liveSessionOf([row({ grant_premise_id: null, grant_role: null, grant_rights: null })], now)?.grants).toEqual([]);
  });

  test('no session, a revoked, an expired (sliding or absolute) session, an inactive user: none', () => {
    expect(liveSessionOf([], now)).toBeUndefined();
    expect(liveSessionOf([row({ revoked_at: now })], now)).toBeUndefined();
    expect(liveSessionOf([row({ expires_at: now })], now)).toBeUndefined();
    expect(liveSessionOf([row({ absolute_expires_at: now })], now)).toBeUndefined();
    expect(liveSessionOf([row({ status: 'disabled' })], now)).toBeUndefined();
    expect(liveSessionOf([row({ status: 'pending' })], now)).toBeUndefined();
  });
});

describe('the database layer', () => {
  // One connection, so that every statement below runs on the connection the one before used.
  let database: TestDatabase;
  let ogre: string;
  let apse: string;
  let ogreSession: { id: string; user_id: string };

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 1 });
    ogre = (await createTenant(database, 'ogre')).id;
    apse = (await createTenant(database, 'apse')).id;
    for (const [tenantId, email] of [
      [ogre, 'anna@example.lv'],
      [apse, 'anna@example.lv'],
      [apse, 'janis@example.lv'],
    ] as const) {
      const user = await createUser(database, tenantId, email);
      const session = await database.db
        .insertInto('sessions')
        .values({ tenant_id: tenantId, user_id: user.id, expires_at: new Date(Date.now() + 3600_000), absolute_expires_at: new Date(Date.now() + 7200_000) })
        .returning(['id', 'user_id'])
        .executeTakeFirstOrThrow();
      if (tenantId === ogre) ogreSession = session;
    }
  });
  afterAll(() => database.dispose());

  const usersSeen = (tenantId?: string) => {
    // The same text each time, run as the owner and as doorstep_app on one connection.
    const query = (db: typeof database.db) => db.selectFrom('users').select('tenant_id').where('email', '=', 'anna@example.lv').execute();
    return tenantId ? database.withTenant(tenantId, (trx) => query(trx)) : query(database.db);
  };

  test('a statement keeps row-level security whichever role ran it before', async () => {
    expect((await usersSeen()).map((u) => u.tenant_id).sort()).toEqual([ogre, apse].sort());
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
    expect(await usersSeen()).toHaveLength(2);
    expect(await usersSeen(apse)).toEqual([{ tenant_id: apse }]);
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
    expect(await usersSeen()).toHaveLength(2);
  });

  test("the session statement finds a session in its own tenant only, however often it ran", async () => {
    const find = (tenantId: string) => database.withTenant(tenantId, (trx) => liveSessionRows(trx, ogreSession.id, ogreSession.user_id, new Date()));
    for (let i = 0; i < 8; i++) {
      expect(await find(ogre)).toHaveLength(1);
      expect(await find(apse)).toEqual([]);
    }
  });

  test('a tenant transaction runs as doorstep_app in its tenant, and the scope ends with it', async () => {
    const who = (db: Tx | typeof database.db) =>
      sql<{ role: string; tenant: string | null }>`select current_user as role, current_setting('app.tenant_id', true) as tenant`.execute(db);
    for (const tenantId of [ogre, apse, ogre]) {
      expect(await database.withTenant(tenantId, async (trx) => (await who(trx)).rows[0])).toEqual({ role: 'doorstep_app', tenant: tenantId });
      const after = (await who(database.db)).rows[0]!;
      expect(after.role).not.toBe('doorstep_app');
      expect(after.tenant ?? '').toBe('');
    }
  });

  test('a statement on the transaction after it ended throws instead of running unscoped', async () => {
    let kept: Tx | undefined;
    await database.withTenant(ogre, async (trx) => {
      kept = trx;
    });
    await expect(kept!.selectFrom('users').select('id').execute()).rejects.toThrow();
    await expect(sql`select 1`.execute(kept!)).rejects.toThrow('already ended');
    // Also after a rollback.
    await expect(database.withTenant(ogre, async (trx) => ((kept = trx), Promise.reject(new Error('undo'))))).rejects.toThrow('undo');
    await expect(kept!.selectFrom('users').select('id').execute()).rejects.toThrow('already ended');
  });

  test('a tenant transaction is one transaction: its writes roll back together, and its snapshot settings hold', async () => {
    const failed = database.withTenant(ogre, async (trx) => {
      await trx.insertInto('buildings').values({ tenant_id: ogre, address: 'Scoped iela 1', city: 'Ogre' }).execute();
      const [a, b] = [await sql<{ t: Date }>`select now() as t`.execute(trx), await sql<{ t: Date }>`select now() as t`.execute(trx)];
      expect(a.rows[0]!.t.getTime()).toBe(b.rows[0]!.t.getTime());
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    expect(await database.db.selectFrom('buildings').select('id').where('address', '=', 'Scoped iela 1').execute()).toEqual([]);
    const settings = await database.withTenant(
      ogre,
      async (trx) => (await sql<{ iso: string; ro: string }>`select current_setting('transaction_isolation') as iso, current_setting('transaction_read_only') as ro`.execute(trx)).rows[0],
      { isolation: 'repeatable read', readOnly: true },
    );
    expect(settings).toEqual({ iso: 'repeatable read', ro: 'on' });
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  test('the tenant id goes into the opening statement only as a uuid', async () => {
    const attack = `${ogre}', true); select set_config('role', 'postgres', true); --`;
    await expect(database.withTenant(attack, async () => 'ran')).rejects.toThrow('uuid');
    expect(await usersSeen(apse)).toEqual([{ tenant_id: apse }]);
  });

  test('a transaction whose first statement has parameters is still one transaction, and rolls back', async () => {
    const failed = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('buildings').values({ tenant_id: ogre, address: 'Rollback iela 1', city: 'Ogre' }).execute();
      const [a, b] = [await sql<{ t: Date }>`select now() as t`.execute(trx), await sql<{ t: Date }>`select now() as t`.execute(trx)];
      expect(a.rows[0]!.t.getTime()).toBe(b.rows[0]!.t.getTime());
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    expect(await database.db.selectFrom('buildings').select('id').where('address', '=', 'Rollback iela 1').execute()).toEqual([]);
  });

  test('a transaction that ran no statement ends quietly, and the connection serves the next one', async () => {
    await database.db.transaction().execute(async () => undefined);
    await expect(database.db.transaction().execute(async () => Promise.reject(new Error('nothing ran')))).rejects.toThrow('nothing ran');
    expect(await usersSeen(apse)).toEqual([{ tenant_id: apse }]);
  });

  test('a failing statement rolls the tenant transaction back and leaves the connection usable', async () => {
    const attempt = () =>
      database.withTenant(ogre, async (trx) => {
        await trx.insertInto('buildings').values({ tenant_id: ogre, address: 'Rollback iela 2', city: 'Ogre' }).execute();
        // Row-level security refuses a row of another tenant.
        await trx.insertInto('buildings').values({ tenant_id: apse, address: 'Rollback iela 3', city: 'Ogre' }).execute();
      });
    await expect(attempt()).rejects.toThrow();
    await expect(attempt()).rejects.toThrow();
    expect(await database.db.selectFrom('buildings').select('id').where('address', 'in', ['Rollback iela 2', 'Rollback iela 3']).execute()).toEqual([]);
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  test('database errors keep their SQLSTATE, and the connection carries on', async () => {
    const duplicate = () => database.db.insertInto('tenants').values({ slug: 'ogre', name: 'Again' }).execute();
    await expect(duplicate()).rejects.toMatchObject({ code: '23505' });
    await expect(duplicate()).rejects.toMatchObject({ code: '23505' });
    await expect(sql.raw('select 1; select nope').execute(database.db)).rejects.toMatchObject({ code: '42703' });
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  test('a script of several statements runs them all in one transaction (migrations are scripts)', async () => {
    await sql.raw("select set_config('doorstep.a', '1', false); select set_config('doorstep.b', '2', false)").execute(database.db);
    const { rows } = await sql<{ a: string; b: string }>`select current_setting('doorstep.a') as a, current_setting('doorstep.b') as b`.execute(database.db);
    expect(rows).toEqual([{ a: '1', b: '2' }]);
    await expect(sql.raw("insert into buildings (tenant_id, address) values ('" + ogre + "', 'Script iela 1'); select 1 / 0").execute(database.db)).rejects.toThrow();
    expect(await database.db.selectFrom('buildings').select('id').where('address', '=', 'Script iela 1').execute()).toEqual([]);
  });
});

describe('every request reads the session and the rights afresh', () => {
  let ctx: TestContext;
  let tenantId: string;
  let premiseId: string;
  let memberId: string;

  beforeAll(async () => {
    ctx = await createTestApp({}, '2026-05-30T10:00:00Z');
    tenantId = (await createTenant(ctx.database, 'ogre')).id;
    premiseId = (await createPremise(ctx.database, tenantId, 'Brīvības 1-1', '100001')).id;
    memberId = (await createUser(ctx.database, tenantId, 'liga@example.lv')).id;
    await grant(ctx.database, tenantId, memberId, premiseId, 'member', ['readings']);
  });
  afterAll(() => ctx.close());

  const meters = (token: string) => call(ctx, 'GET', `/v1/ogre/premises/${premiseId}/meters`, { token });

  test('a right taken away, a grant removed, an account disabled: the very next request knows', async () => {
    const { accessToken } = await login(ctx, 'ogre', 'liga@example.lv');
    expect((await meters(accessToken)).status).toBe(200);

    await ctx.database.db.updateTable('grants').set({ rights: [] }).where('user_id', '=', memberId).execute();
    expect((await meters(accessToken)).status).toBe(403);

    await ctx.database.db.updateTable('grants').set({ rights: ['readings'] }).where('user_id', '=', memberId).execute();
    expect((await meters(accessToken)).status).toBe(200);

    await ctx.database.db.deleteFrom('grants').where('user_id', '=', memberId).execute();
    expect((await meters(accessToken)).status).toBe(404);

    await ctx.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', memberId).execute();
    expect((await meters(accessToken)).status).toBe(401);
  });

  test('logout ends the session for the next request on the same token', async () => {
    await ctx.database.db.updateTable('users').set({ status: 'active' }).where('id', '=', memberId).execute();
    await grant(ctx.database, tenantId, memberId, premiseId, 'member', ['readings']);
    const { accessToken, refreshToken } = await login(ctx, 'ogre', 'liga@example.lv');
    expect((await meters(accessToken)).status).toBe(200);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/logout', { token: accessToken, body: { refreshToken } })).status).toBeLessThan(300);
    expect((await meters(accessToken)).status).toBe(401);
  });
});
