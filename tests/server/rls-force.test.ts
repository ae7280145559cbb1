/**
 * Row-level security the owner cannot skip by accident (migration 0097, issue #16), proven the way
 * a deployment runs: connected as a role that is NOT a superuser and owns every table (it ran the
 * migrations). Until 0097 the owner passed its own tables' policies, so a statement that reached
 * the database as that role (one sent after a tenant transaction's COMMIT, a repository handed
 * `database.db`) read and wrote every tenant. Now:
 *   (a) in tenant A's scope, tenant B's rows are invisible and cannot be written — as doorstep_app
 *       and as the owner itself;
 *   (b) with no scope the owner sees no tenant row and can write none (shown failing before 0097:
 *       the database is migrated up to 0096 first, then upgraded);
 *   (c) the cross-tenant work still runs as that owner, in `withSystem`: the job runner claims the
 *       jobs of every tenant, the outbox worker sends every tenant's mail, the operator lists and
 *       creates tenants;
 *   (d) a statement on a transaction after its commit throws — for tenant transactions that is
 *       tests/server/resident-path.test.ts ("a statement on the transaction after it ended
 *       throws instead of running unscoped"); here for the system transaction too.
 * And a catalog test: every table with a tenant_id column FORCEs row-level security and has the
 * owner's system_scope policy, so a future table cannot skip it.
 *
 * Postgres: a database owned by a login role made for this file (h_rls_owner_…, dropped after).
 * PGlite (one superuser session): a role without superuser made for this file and taken with SET
 * ROLE for the whole session, so the tables are its own and the policies apply to it.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, type DoorstepApp } from '../../server/app.ts';
import { createTokenKeys } from '../../server/auth/tokens.ts';
import { ManualClock } from '../../server/clock.ts';
import { openDatabase, type DatabaseHandle, type Tx } from '../../server/db/database.ts';
import { migrate, readMigrations, type Migration } from '../../server/db/migrator.ts';
import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
import { createLogger } from '../../server/http/logger.ts';
import { enqueueJob } from '../../server/jobs/jobs.repository.ts';
import { createJobRunner } from '../../server/jobs/job-runner.ts';
import { enqueueEmail } from '../../server/mail/outbox.ts';
import { createOutboxWorker } from '../../server/mail/worker.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/database.ts';
import { OPERATOR_TOKEN, personalCodeKey, secretBox } from './support/test-app.ts';

const FORCE_MIGRATION = '0097_force_row_level_security';
const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
const OWNER = `h_rls_owner_${suffix}`;
const logger = createLogger('silent');

interface OwnerDatabase {
  database: DatabaseHandle;
  dispose(): Promise<void>;
}

/** A bare database whose connecting role owns everything it migrates and is not a superuser. */
async function openAsOwner(): Promise<OwnerDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.execScript(`create role ${OWNER} nologin createrole; grant create on schema public to ${OWNER}; set role ${OWNER};`);
    return { database, dispose: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `h_rls_${suffix}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create role ${OWNER} login createrole`);
  await admin.query(`create database ${name} owner ${OWNER}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  url.username = OWNER;
  url.password = '';
  const database = await openDatabase({ url: url.toString(), poolSize: 4 });
  return {
    database,
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.query(`drop role if exists ${OWNER}`);
      await cleanup.end();
    },
  };
}

/** Every table with a tenant_id column: the ones the policies must hold. */
async function tenantTables(db: DatabaseHandle['db']): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by c.relname`.execute(db);
  return rows.map((r) => r.relname);
}

/** What the catalog says of each tenant table: RLS on, forced, and the owner's system policy. */
async function uncoveredTables(db: DatabaseHandle['db']): Promise<string[]> {
  const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; isolation: boolean; system: boolean }>`
    select c.relname, c.relrowsecurity, c.relforcerowsecurity,
      exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.policyname = 'tenant_isolation') as isolation,
      exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.policyname = 'system_scope'
              and p.roles = array[pg_get_userbyid(c.relowner)]::name[]) as system
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`.execute(db);
  return rows.filter((r) => !(r.relrowsecurity && r.relforcerowsecurity && r.isolation && r.system)).map((r) => r.relname);
}

describe('the catalog of the suite’s database', () => {
  let suite: TestDatabase;
  beforeAll(async () => {
    suite = await createTestDatabase();
  }, 180_000);
  afterAll(() => suite.dispose());

  test('every table with a tenant_id forces row-level security and has a tenant policy and the owner’s system policy', async () => {
    const tables = await tenantTables(suite.db);
    expect(tables.length).toBeGreaterThanOrEqual(30);
    expect(tables).toContain('jobs');
    expect(await uncoveredTables(suite.db)).toEqual([]);
  });

  test('the system policy is not doorstep_app’s', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_policies where policyname = 'system_scope' and 'doorstep_app' = any(roles)`.execute(suite.db);
    expect(rows[0]!.n).toBe(0);
  });
});

describe(`connected as the owner, not a superuser (${testDatabaseKind()})`, () => {
  let owner: OwnerDatabase;
  let database: DatabaseHandle;
  let migrations: Migration[];
  const tenants: Record<'a' | 'b', string> = { a: '', b: '' };

  /** Rows of each tenant through `db` as it stands (count per tenant id, a tenant seen once). */
  const buildingTenants = async (db: Tx | DatabaseHandle['db']) =>
    (await sql<{ tenant_id: string }>`select distinct tenant_id from buildings order by tenant_id`.execute(db)).rows.map((r) => r.tenant_id).sort();

  beforeAll(async () => {
    owner = await openAsOwner();
    database = owner.database;
    migrations = await readMigrations();
    expect(migrations.map((m) => m.name)).toContain(FORCE_MIGRATION);
    // The database as it stood before 0097: the upgrade is part of what is tested.
    await migrate(
      database,
      migrations.filter((m) => m.name !== FORCE_MIGRATION),
    );
    for (const slug of ['a', 'b'] as const) {
      const tenant = await database.db
        .insertInto('tenants')
        .values({
          slug: `rls-${slug}`,
          name: `Tenant ${slug}`,
          allowed_origins: [`https://${slug}.example`],
          reading_window: JSON.stringify({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 }),
          settings: JSON.stringify({}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      tenants[slug] = tenant.id;
      await database.withTenant(tenant.id, async (trx) => {
        await trx.insertInto('buildings').values({ tenant_id: tenant.id, address: `Ēkas iela ${slug}` }).execute();
        await trx.insertInto('audit_log').values({ tenant_id: tenant.id, action: 'seed', details: JSON.stringify({}) }).execute();
        await enqueueJob(trx, { tenantId: tenant.id, kind: 'rls.echo', key: `rls.echo:${tenant.id}` });
        await enqueueEmail(trx, tenant.id, { to: `${slug}@example.lv`, subject: 'Sveiki', text: 'Sveiki', template: 'rls' });
      });
    }
    // Every migration from an empty database (no template): slow on PGlite when the machine is busy.
  }, 300_000);
  afterAll(() => owner?.dispose());

  test('the connecting role really is the tables’ owner and no superuser', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owns: boolean }>`
      select r.rolsuper, r.rolbypassrls, (select relowner from pg_class where relname = 'buildings' and relkind = 'r') = r.oid as owns
      from pg_roles r where r.rolname = current_user`.execute(database.db);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owns: true }]);
  });

  test('before 0097 the owner, unscoped, read and wrote every tenant’s rows: the hole', async () => {
    expect(await buildingTenants(database.db)).toEqual([tenants.a, tenants.b].sort());
    const written = await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('buildings').values({ tenant_id: tenants.b, address: 'Smuggled iela 1' }).execute();
      throw Object.assign(new Error('undo'), { written: true });
    }).catch((error: { written?: boolean }) => error.written === true);
    expect(written).toBe(true);
  });

  test('0097 applies to the existing database, and then the catalog covers every tenant table', async () => {
    expect(await migrate(database, migrations)).toEqual([FORCE_MIGRATION]);
    expect(await uncoveredTables(database.db)).toEqual([]);
  });

  describe('(b) with no scope', () => {
    test('the owner sees no row of any tenant table', async () => {
      const tables = await tenantTables(database.db);
      const counts: Record<string, number> = {};
      for (const table of tables) counts[table] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n;
      expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([]);
      // The rows are there: the system scope sees them.
      expect(await database.withSystem((trx) => buildingTenants(trx))).toEqual([tenants.a, tenants.b].sort());
    });

    test('the owner can write no tenant row, nor change or delete one', async () => {
      await expect(database.db.insertInto('buildings').values({ tenant_id: tenants.a, address: 'Unscoped iela 1' }).execute()).rejects.toThrow(/row-level security/);
      const updated = await database.db.updateTable('buildings').set({ address: 'hijacked' }).executeTakeFirst();
      const deleted = await database.db.deleteFrom('audit_log').executeTakeFirst();
      expect([Number(updated.numUpdatedRows), Number(deleted.numDeletedRows)]).toEqual([0, 0]);
    });

    test('the connection a tenant transaction leaves behind sees nothing either', async () => {
      // What a statement after COMMIT would have met, had the guard not thrown (d).
      await database.withTenant(tenants.a, (trx) => buildingTenants(trx));
      expect(await buildingTenants(database.db)).toEqual([]);
    });
  });

  describe('(a) in tenant A’s scope', () => {
    test('as doorstep_app: B is invisible and cannot be written', async () => {
      expect(await database.withTenant(tenants.a, (trx) => buildingTenants(trx))).toEqual([tenants.a]);
      await expect(
        database.withTenant(tenants.a, (trx) => trx.insertInto('buildings').values({ tenant_id: tenants.b, address: 'Smuggled iela 2' }).execute()),
      ).rejects.toThrow(/row-level security/);
      const changed = await database.withTenant(tenants.a, async (trx) => {
        const updated = await trx.updateTable('buildings').set({ address: 'hijacked' }).where('tenant_id', '=', tenants.b).executeTakeFirst();
        const deleted = await trx.deleteFrom('audit_log').where('tenant_id', '=', tenants.b).executeTakeFirst();
        return [Number(updated.numUpdatedRows), Number(deleted.numDeletedRows)];
      });
      expect(changed).toEqual([0, 0]);
    });

    test('as doorstep_app, setting the system scope opens nothing', async () => {
      const seen = await database.withTenant(tenants.a, async (trx) => {
        await sql`select set_config('app.scope', 'system', true)`.execute(trx);
        return buildingTenants(trx);
      });
      expect(seen).toEqual([tenants.a]);
    });

    test('as the owner itself (tenant set, no role switch): B is invisible and cannot be written', async () => {
      const asOwnerInA = <T>(fn: (trx: Tx) => Promise<T>) =>
        database.db.transaction().execute(async (trx) => {
          await sql`select set_config('app.tenant_id', ${tenants.a}, true)`.execute(trx);
          return fn(trx);
        });
      expect(await asOwnerInA((trx) => buildingTenants(trx))).toEqual([tenants.a]);
      await expect(asOwnerInA((trx) => trx.insertInto('buildings').values({ tenant_id: tenants.b, address: 'Smuggled iela 3' }).execute())).rejects.toThrow(
        /row-level security/,
      );
    });
  });

  describe('(c) the cross-tenant work, as the owner', () => {
    test('the job runner claims and finishes the jobs of every tenant', async () => {
      const seen: Array<string | null> = [];
      const runner = createJobRunner({
        database,
        clock: new ManualClock(new Date()),
        logger,
        handlers: { 'rls.echo': async (job) => void seen.push(job.tenant_id) },
      });
      const result = await runner.runOnce();
      expect(result).toMatchObject({ claimed: 2, done: 2 });
      expect(seen.sort()).toEqual([tenants.a, tenants.b].sort());
      const statuses = await database.withSystem((trx) => trx.selectFrom('jobs').select('status').where('kind', '=', 'rls.echo').execute());
      expect(statuses).toEqual([{ status: 'done' }, { status: 'done' }]);
    });

    test('the outbox worker sends every tenant’s mail', async () => {
      const sent: string[] = [];
      const worker = createOutboxWorker({
        database,
        logger,
        transport: { kind: 'file', send: async (mail) => void sent.push(mail.to), close: async () => {} },
      });
      expect(await worker.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
      expect(sent.sort()).toEqual(['a@example.lv', 'b@example.lv']);
      const statuses = await database.withSystem((trx) => trx.selectFrom('email_outbox').select('status').execute());
      expect(statuses).toEqual([{ status: 'sent' }, { status: 'sent' }]);
    });

    test('the operator lists tenants and creates one with its first key', async () => {
      const app: DoorstepApp = createApp({
        database,
        clock: new ManualClock(new Date()),
        keys: createTokenKeys('test-secret-that-is-long-enough-0123456789'),
        personalCodeKey,
        secretBox,
        logger,
        files: fileStores(postgresFileStore(database)),
        config: { demoMode: false, trustProxy: true, operatorToken: OPERATOR_TOKEN },
      });
      const headers = { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.1' };
      const created = await app.request('/v1/operator/tenants', {
        method: 'POST',
        headers,
        body: JSON.stringify({ slug: 'rls-c', name: 'Tenant c', allowedOrigins: ['https://c.example'] }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { tenant } = (await created.json()) as { tenant: { id: string } };
      const listed = await app.request('/v1/operator/tenants', { headers });
      expect(listed.status).toBe(200);
      const { tenants: all } = (await listed.json()) as { tenants: Array<{ slug: string }> };
      expect(all.map((t) => t.slug)).toEqual(['rls-a', 'rls-b', 'rls-c']);
      // Its key and audit entries were written (system scope) and belong to it alone.
      const rows = await database.withTenant(tenant.id, async (trx) => ({
        keys: (await trx.selectFrom('api_keys').select('tenant_id').execute()).length,
        audit: (await trx.selectFrom('audit_log').select('action').orderBy('action').execute()).map((r) => r.action),
      }));
      expect(rows).toEqual({ keys: 1, audit: ['admin.key.created', 'admin.tenant.created'] });
    });
  });

  describe('(d) a statement after the transaction', () => {
    test('throws on a system transaction too (tenant transactions: resident-path.test.ts)', async () => {
      let kept: Tx | undefined;
      await database.withSystem(async (trx) => {
        kept = trx;
      });
      await expect(sql`select 1`.execute(kept!)).rejects.toThrow('already ended');
      await expect(kept!.selectFrom('buildings').select('id').execute()).rejects.toThrow('already ended');
    });
  });
});
