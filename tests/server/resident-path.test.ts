/**
 * The resident request path after its round trips were cut (server/db/pg-dialect.ts,
 * pglite-dialect.ts, first-statement.ts, server/auth/resident.ts): what it must still guarantee.
 * Runs on PGlite and, with DOORSTEP_TEST_DB=postgres, on Postgres.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LIVE_SESSION, liveSessionOf, type LiveSessionRow } from '../../server/auth/sessions.ts';
import { sqlUuid } from '../../server/db/database.ts';
import { executeFirst, executeLast, sqlLiteral, type FirstStatement } from '../../server/db/first-statement.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { call, createPremise, createTenant, createTestApp, createUser, grant, login, type TestContext } from './support/test-app.ts';

describe('sqlUuid: the only values inlined into SQL', () => {
  test('passes a UUID, lower-cased, as a string literal', () => {
    expect(sqlUuid('0B5D2C4E-1F2A-4B3C-8D9E-0A1B2C3D4E5F')).toBe("'0b5d2c4e-1f2a-4b3c-8d9e-0a1b2c3d4e5f'");
  });

  test.each([
    "0b5d2c4e-1f2a-4b3c-8d9e-0a1b2c3d4e5f'; drop table users;--",
    "' or 1=1 --",
    '0b5d2c4e1f2a4b3c8d9e0a1b2c3d4e5f',
    '0b5d2c4e-1f2a-4b3c-8d9e-0a1b2c3d4e5f\n',
    '',
  ])('throws for %j', (value) => {
    expect(() => sqlUuid(value)).toThrow('not a UUID');
  });

  test('throws for what is not a string', () => {
    expect(() => sqlUuid(42 as unknown as string)).toThrow('not a UUID');
    expect(() => sqlUuid(undefined as unknown as string)).toThrow('not a UUID');
  });

  test('a first statement takes exactly its arguments', () => {
    expect(() => executeFirst('select 1', [{ statement: LIVE_SESSION, args: ['0b5d2c4e-1f2a-4b3c-8d9e-0a1b2c3d4e5f'] }])).toThrow('takes 3 arguments');
  });
});

describe('sqlLiteral: each type passes only its exact shape', () => {
  test('dates, instants, periods, integers and decimals', () => {
    expect(sqlLiteral('date', '2026-05-30')).toBe("'2026-05-30'");
    expect(sqlLiteral('timestamptz', new Date('2026-05-30T10:00:00.123Z'))).toBe("'2026-05-30T10:00:00.123Z'");
    expect(sqlLiteral('text', '2026-05')).toBe("'2026-05'");
    expect(sqlLiteral('text[]', ['2026-05', '2026-06'])).toBe("'{2026-05,2026-06}'");
    expect(sqlLiteral('text[]', [])).toBe("'{}'");
    expect(sqlLiteral('int4', -42)).toBe('-42');
    expect(sqlLiteral('numeric', '123.456')).toBe("'123.456'");
  });

  test.each([
    ['date', "2026-05-30'; drop table users;--"],
    ['date', '2026-5-30'],
    ['date', new Date('2026-05-30')],
    ['timestamptz', new Date('nonsense')],
    ['timestamptz', new Date('+275760-09-13T00:00:00Z')],
    ['timestamptz', '2026-05-30T10:00:00.000Z'],
    ['text', "2026-05' or '1'='1"],
    ['text', 'anything'],
    ['text[]', ['2026-05', "x'}"]],
    ['text[]', '2026-05'],
    ['int4', 1.5],
    ['int4', 2 ** 31],
    ['int4', '1'],
    ['numeric', '1e9'],
    ['numeric', "1'"],
    ['numeric', 1],
    ['uuid', "' or 1=1 --"],
  ] as const)('refuses %s %j', (type, value) => {
    let message = 'accepted';
    try {
      sqlLiteral(type, value as never);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.toLowerCase()).toBe(`not a ${type}`);
  });
});

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
  // One connection, so that every statement below reuses the same prepared statements and plans.
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
    // The same text each time: one prepared statement, run as the owner and as doorstep_app.
    const query = (db: typeof database.db) => db.selectFrom('users').select('tenant_id').where('email', '=', 'anna@example.lv').execute();
    return tenantId ? database.withTenant(tenantId, (trx) => query(trx)) : query(database.db);
  };

  test('a prepared statement keeps row-level security whichever role used it before', async () => {
    expect((await usersSeen()).map((u) => u.tenant_id).sort()).toEqual([ogre, apse].sort());
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
    expect(await usersSeen()).toHaveLength(2);
    expect(await usersSeen(apse)).toEqual([{ tenant_id: apse }]);
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
    expect(await usersSeen()).toHaveLength(2);
  });

  test("the session statement finds a session in its own tenant only, however often it ran", async () => {
    const find = (tenantId: string) =>
      database.withTenantFirst(tenantId, [{ statement: LIVE_SESSION, args: [ogreSession.id, ogreSession.user_id, new Date()] }], async (_trx, [rows]) => rows as LiveSessionRow[]);
    for (let i = 0; i < 8; i++) {
      expect(await find(ogre)).toHaveLength(1);
      expect(await find(apse)).toEqual([]);
    }
  });

  test('the session statement runs as doorstep_app inside the tenant transaction', async () => {
    const seen = await database.withTenantFirst(ogre, [{ statement: LIVE_SESSION, args: [ogreSession.id, ogreSession.user_id, new Date()] }], async (trx) =>
      (await sql<{ role: string; tenant: string }>`select current_user as role, current_setting('app.tenant_id') as tenant`.execute(trx)).rows[0],
    );
    expect(seen).toEqual({ role: 'doorstep_app', tenant: ogre });
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

  test('a failed first round trip rolls back and leaves the connection usable', async () => {
    const broken = { ...LIVE_SESSION, name: 'doorstep_test_broken', text: 'select 1 / 0 where $1::uuid = $2::uuid' };
    const attempt = () => database.withTenantFirst(ogre, [{ statement: broken, args: [ogreSession.id, ogreSession.id, new Date()] }], async () => 'ran');
    await expect(attempt()).rejects.toThrow();
    await expect(attempt()).rejects.toThrow();
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  test('database errors keep their SQLSTATE, and the connection carries on', async () => {
    const duplicate = () => database.db.insertInto('tenants').values({ slug: 'ogre', name: 'Again' }).execute();
    await expect(duplicate()).rejects.toMatchObject({ code: '23505' });
    await expect(duplicate()).rejects.toMatchObject({ code: '23505' });
    await expect(sql.raw('select 1; select nope').execute(database.db)).rejects.toMatchObject({ code: '42703' });
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  const NEW_BUILDING: FirstStatement = {
    name: 'doorstep_test_new_building',
    types: ['uuid', 'int4'],
    text: `insert into buildings (tenant_id, address, city) values ($1, 'Commit iela ' || $2, 'Ogre') returning address`,
  };
  const buildings = async (address: string) =>
    (await database.db.selectFrom('buildings').select('address').where('address', '=', address).execute()).map((b) => b.address);

  test('a last statement commits in its own message; the transaction ends without another trip', async () => {
    const rows = await database.withTenant(ogre, async (trx) => (await trx.executeQuery(executeLast({ statement: NEW_BUILDING, args: [ogre, 1] }))).rows);
    expect(rows).toEqual([{ address: 'Commit iela 1' }]);
    expect(await buildings('Commit iela 1')).toEqual(['Commit iela 1']);
  });

  test('a last statement that fails rolls the whole transaction back, and the connection carries on', async () => {
    const attempt = database.withTenant(ogre, async (trx) => {
      await trx.insertInto('buildings').values({ tenant_id: ogre, address: 'Commit iela 2', city: 'Ogre' }).execute();
      // Row-level security refuses a row of another tenant: the message fails before its COMMIT.
      await trx.executeQuery(executeLast({ statement: NEW_BUILDING, args: [apse, 3] }));
    });
    await expect(attempt).rejects.toThrow();
    expect(await buildings('Commit iela 2')).toEqual([]);
    expect(await buildings('Commit iela 3')).toEqual([]);
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  test('first statements and their rows, one list each, in the round trip that opens the transaction', async () => {
    const seen = await database.withTenantFirst(
      ogre,
      [
        { statement: LIVE_SESSION, args: [ogreSession.id, ogreSession.user_id, new Date()] },
        { statement: NEW_BUILDING, args: [ogre, 4] },
      ],
      async (trx, rows) => {
        const inside = await trx.selectFrom('buildings').select('address').where('address', '=', 'Commit iela 4').execute();
        return { rows, inside };
      },
    );
    expect(seen.rows).toHaveLength(2);
    expect(seen.rows[0]).toHaveLength(1);
    expect(seen.rows[1]).toEqual([{ address: 'Commit iela 4' }]);
    expect(seen.inside).toEqual([{ address: 'Commit iela 4' }]);
    expect(await buildings('Commit iela 4')).toEqual(['Commit iela 4']);
  });

  test('readTenant: reads as doorstep_app in the tenant, and the scope ends with the message', async () => {
    const WHO: FirstStatement = {
      name: 'doorstep_test_who',
      types: ['int4'],
      text: `select current_user as role, current_setting('app.tenant_id') as tenant, $1 as n`,
    };
    for (let i = 0; i < 3; i++) {
      const [session, who] = await database.readTenant(apse, [
        { statement: LIVE_SESSION, args: [ogreSession.id, ogreSession.user_id, new Date()] },
        { statement: WHO, args: [i] },
      ]);
      // Ogre's session is not visible from apse.
      expect(session).toEqual([]);
      expect(who).toEqual([{ role: 'doorstep_app', tenant: apse, n: i }]);
      const after = await sql<{ role: string; tenant: string | null }>`select current_user as role, current_setting('app.tenant_id', true) as tenant`.execute(database.db);
      expect(after.rows[0]!.role).not.toBe('doorstep_app');
      expect(after.rows[0]!.tenant ?? '').toBe('');
    }
  });

  test('readTenant: a failing statement fails the read, and the connection carries on', async () => {
    const broken: FirstStatement = { name: 'doorstep_test_broken_read', types: ['int4'], text: 'select 1 / $1 as x' };
    await expect(database.readTenant(ogre, [{ statement: broken, args: [0] }])).rejects.toMatchObject({ code: '22012' });
    expect(await database.readTenant(ogre, [{ statement: broken, args: [1] }])).toEqual([[{ x: 1 }]]);
    expect(await usersSeen(ogre)).toEqual([{ tenant_id: ogre }]);
  });

  test('a script of several statements answers with the last one', async () => {
    const { rows } = await sql.raw<{ b: number }>('select 1 as a; select 2 as b').execute(database.db);
    expect(rows).toEqual([{ b: 2 }]);
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
