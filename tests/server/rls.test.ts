import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
/**
 * Row-level security, proven rather than assumed: the application role sees only the current
 * tenant's rows even in a query with no tenant filter, sees nothing with no tenant set, cannot
 * write into another tenant, owns nothing and cannot bypass RLS; every tenant table is covered;
 * and two tenants' requests interleaved over a pool of ONE connection never see each other's
 * rows or settings. Runs on the backend of the suite: PGlite (one connection by nature) and, in
 * the Postgres run, a Postgres pool with poolSize 1.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type DoorstepApp } from '../../server/app.ts';
import { createTokenKeys } from '../../server/auth/tokens.ts';
import { ManualClock } from '../../server/clock.ts';
import type { Tx } from '../../server/db/database.ts';
import { createLogger } from '../../server/http/logger.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/database.ts';
import { call, createPremise, createTenant, createUser, grant, login, personalCodeKey, secretBox, type TestContext } from './support/test-app.ts';

let database: TestDatabase;
let app: DoorstepApp;
let ctx: TestContext;
const tenants: Record<'ogre' | 'ludza', { id: string; premiseId: string; label: string }> = {} as never;

/** Every table with a tenant_id column: the ones row-level security must cover. */
async function tenantTables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(database.db);
  return rows.map((r) => r.table_name);
}

/** A transaction as the application role with NO tenant set (what a forgotten withTenant would be). */
function asAppRoleWithoutTenant<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'doorstep_app', true)`.execute(trx);
    return fn(trx);
  });
}

beforeAll(async () => {
  // A pool of exactly one connection on Postgres; PGlite is one connection anyway.
  database = await createTestDatabase({ poolSize: 1 });
  const clock = new ManualClock('2026-05-20T09:00:00Z');
  const deps = {
    database,
    clock,
    keys: createTokenKeys('test-secret-that-is-long-enough-0123456789'),
    personalCodeKey,
    secretBox,
    logger: createLogger('silent'),
    files: fileStores(postgresFileStore(database)),
    config: { demoMode: false, trustProxy: true },
  };
  app = createApp(deps);
  ctx = { app, database, clock, deps, close: () => database.dispose() };

  for (const [slug, label, account] of [
    ['ogre', 'Malkalnes prospekts 3-111', '12345'],
    ['ludza', 'Raiņa iela 14-7', '12345'],
  ] as const) {
    const tenant = await createTenant(database, slug);
    const premise = await createPremise(database, tenant.id, label, account);
    const user = await createUser(database, tenant.id, 'anna@example.lv');
    await grant(database, tenant.id, user.id, premise.id, 'owner');
    await database.db.insertInto('audit_log').values({ tenant_id: tenant.id, action: 'seed', details: JSON.stringify({}) }).execute();
    tenants[slug] = { id: tenant.id, premiseId: premise.id, label };
  }
});
afterAll(() => ctx.close());

describe('the application role', () => {
  test('is neither superuser, nor BYPASSRLS, nor a member of a role that is', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      select rolsuper, rolbypassrls from pg_roles where rolname = 'doorstep_app'`.execute(database.db);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const inherited = await sql<{ rolname: string }>`
      select r.rolname from pg_auth_members m
      join pg_roles member on member.oid = m.member
      join pg_roles r on r.oid = m.roleid
      where member.rolname = 'doorstep_app' and (r.rolsuper or r.rolbypassrls)`.execute(database.db);
    expect(inherited.rows).toEqual([]);
  });

  test('owns no table (an owner would pass its own RLS)', async () => {
    const { rows } = await sql<{ relname: string }>`
      select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
      where r.rolname = 'doorstep_app'`.execute(database.db);
    expect(rows).toEqual([]);
  });

  test('is who requests run as', async () => {
    const who = await database.withTenant(tenants.ogre.id, async (trx) =>
      (await sql<{ current_user: string; tenant: string }>`select current_user, current_setting('app.tenant_id') as tenant`.execute(trx)).rows[0],
    );
    expect(who).toEqual({ current_user: 'doorstep_app', tenant: tenants.ogre.id });
  });

  test('every table with a tenant_id has row-level security on and a tenant policy', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThanOrEqual(20);
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; policies: number }>`
      select c.relname, c.relrowsecurity,
        (select count(*) from pg_policies p where p.tablename = c.relname and p.schemaname = 'public')::int as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'`.execute(database.db);
    const byName = new Map(rows.map((r) => [r.relname, r]));
    const uncovered = tables.filter((t) => !byName.get(t)?.relrowsecurity || byName.get(t)!.policies < 1);
    expect(uncovered).toEqual([]);
  });
});

describe('a query without a tenant filter', () => {
  test('returns only the current tenant’s rows, in every tenant table', async () => {
    const tables = await tenantTables();
    for (const [slug, me] of Object.entries(tenants)) {
      const seen = await database.withTenant(me.id, async (trx) => {
        const found: Record<string, string[]> = {};
        for (const table of tables) {
          const { rows } = await sql<{ tenant_id: string }>`select distinct tenant_id from ${sql.table(table)}`.execute(trx);
          found[table] = rows.map((r) => r.tenant_id);
        }
        return found;
      });
      for (const table of tables) expect(seen[table]!.every((id) => id === me.id), `${slug} sees ${table} of another tenant`).toBe(true);
      // The seeded tables really had rows of both tenants, so the filtering above was RLS at work.
      for (const table of ['users', 'premises', 'grants', 'buildings', 'audit_log']) expect(seen[table], `${slug} ${table}`).toEqual([me.id]);
    }
    const everything = await database.db.selectFrom('premises').select('tenant_id').execute();
    expect(new Set(everything.map((r) => r.tenant_id)).size).toBe(2);
  });

  test('a raw query by id for the other tenant’s premise finds nothing', async () => {
    const rows = await database.withTenant(tenants.ogre.id, async (trx) =>
      (await sql`select * from premises where id = ${tenants.ludza.premiseId}`.execute(trx)).rows,
    );
    expect(rows).toEqual([]);
  });

  test('with no tenant set returns nothing at all', async () => {
    const tables = await tenantTables();
    const counts = await asAppRoleWithoutTenant(async (trx) => {
      const result: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
        result[table] = rows[0]!.n;
      }
      return result;
    });
    expect(Object.values(counts).every((n) => n === 0), JSON.stringify(counts)).toBe(true);
  });

  test('cannot write a row into another tenant, nor update or delete one', async () => {
    await expect(
      database.withTenant(tenants.ogre.id, (trx) =>
        trx.insertInto('buildings').values({ tenant_id: tenants.ludza.id, address: 'Smuggled iela 1' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await database.withTenant(tenants.ogre.id, async (trx) => {
      const updated = await trx.updateTable('premises').set({ label: 'hijacked' }).where('id', '=', tenants.ludza.premiseId).executeTakeFirst();
      const deleted = await trx.deleteFrom('audit_log').where('tenant_id', '=', tenants.ludza.id).executeTakeFirst();
      return [Number(updated.numUpdatedRows), Number(deleted.numDeletedRows)];
    });
    expect(changed).toEqual([0, 0]);
    await expect(asAppRoleWithoutTenant((trx) => trx.insertInto('buildings').values({ tenant_id: tenants.ogre.id, address: 'x' }).execute())).rejects.toThrow(
      /row-level security/,
    );
  });
});

describe('the schema itself', () => {
  test('refuses a reading of another tenant’s meter, even from the owner, who bypasses row-level security (migration 0060)', async () => {
    const meter = await database.db
      .insertInto('meters')
      .values({ tenant_id: tenants.ludza.id, premise_id: tenants.ludza.premiseId, kind: 'cold_water', serial_number: 'RLS-1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reading = (tenantId: string) =>
      database.db.insertInto('readings').values({ tenant_id: tenantId, meter_id: meter.id, period: '2026-05', value: '1' }).returning('id').execute();
    await expect(reading(tenants.ogre.id)).rejects.toMatchObject({ code: '23503' });
    expect(await reading(tenants.ludza.id)).toHaveLength(1);
    // One current reading per meter and period, whichever tenant the row claims.
    await expect(reading(tenants.ludza.id)).rejects.toMatchObject({ code: '23505' });
  });
});

describe(`interleaved tenants over a pool of one connection (${testDatabaseKind()})`, () => {
  test('transactions that yield between statements never see each other’s tenant', async () => {
    const order = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? tenants.ogre : tenants.ludza));
    const results = await Promise.all(
      order.map((me) =>
        database.withTenant(me.id, async (trx) => {
          const before = (await sql<{ t: string }>`select current_setting('app.tenant_id') as t`.execute(trx)).rows[0]!.t;
          await new Promise((resolve) => setTimeout(resolve, 2));
          const labels = (await sql<{ label: string; tenant_id: string }>`select label, tenant_id from premises`.execute(trx)).rows;
          await new Promise((resolve) => setTimeout(resolve, 1));
          const after = (await sql<{ t: string }>`select current_setting('app.tenant_id') as t`.execute(trx)).rows[0]!.t;
          return { me, before, after, labels };
        }),
      ),
    );
    if (database.kind === 'postgres') {
      // Prove the pool really is one connection: the server sees a single client on this database.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database()`.execute(database.db);
      expect(rows[0]!.n).toBe(1);
    }
    for (const { me, before, after, labels } of results) {
      expect([before, after]).toEqual([me.id, me.id]);
      expect(labels).toEqual([{ label: me.label, tenant_id: me.id }]);
    }
  });

  test('a finished or failed transaction leaves no tenant and no role on the connection', async () => {
    await database.withTenant(tenants.ogre.id, async (trx) => sql`select 1`.execute(trx));
    await expect(
      database.withTenant(tenants.ludza.id, async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const { rows } = await sql<{ tenant: string | null; role: string }>`
      select nullif(current_setting('app.tenant_id', true), '') as tenant, current_user as role`.execute(database.db);
    expect(rows[0]!.tenant).toBeNull();
    expect(rows[0]!.role).not.toBe('doorstep_app');
  });

  test('concurrent HTTP requests of two tenants each get only their own data', async () => {
    const ogreToken = (await login(ctx, 'ogre', 'anna@example.lv')).accessToken;
    const ludzaToken = (await login(ctx, 'ludza', 'anna@example.lv')).accessToken;
    const requests = Array.from({ length: 30 }, (_, i) => {
      const [slug, token] = i % 2 === 0 ? (['ogre', ogreToken] as const) : (['ludza', ludzaToken] as const);
      const path = i % 3 === 0 ? `/v1/${slug}/premises/${tenants[slug].premiseId}/members` : `/v1/${slug}/me`;
      return (async () => {
        const response = await call(ctx, 'GET', path, { token });
        return { slug, path, status: response.status, text: await response.text() };
      })();
    });
    for (const { slug, path, status, text } of await Promise.all(requests)) {
      const other = slug === 'ogre' ? tenants.ludza : tenants.ogre;
      expect(status, `${slug} ${path}: ${text}`).toBe(200);
      expect(text).not.toContain(other.label);
      expect(text).not.toContain(other.premiseId);
      if (path.endsWith('/me')) expect(text).toContain(tenants[slug].label);
    }
  });
});
