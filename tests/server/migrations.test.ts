import { fileStores } from '../../server/files/file-store.ts';
import { postgresFileStore } from '../../server/files/postgres-file-store.ts';
/**
 * Schema migrations: a database made by the schema of the last commit before migrations existed,
 * with the demo data in it, is upgraded in place, keeps every row and serves residents; a fresh
 * database gets every migration once; a failing migration leaves nothing behind; two instances
 * starting together on one Postgres apply each migration once.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createTokenKeys } from '../../server/auth/tokens.ts';
import { ManualClock } from '../../server/clock.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrate, readMigrations } from '../../server/db/migrator.ts';
import { createLogger } from '../../server/http/logger.ts';
import { hashPlainPersonalCodes } from '../../server/personal-codes/plain-codes.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/database.ts';
import { personalCodeKey, secretBox } from './support/test-app.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
/** schema.sql as it was at commit 3ecf87b, the last one before migrations. */
const OLD_SCHEMA = readFileSync(new URL('before-migrations.schema.sql', FIXTURES), 'utf8');
/**
 * The demo data that commit's `npm start` seeded, as `pg_dump --data-only --inserts` (file contents
 * cut to their first 256 bytes to keep the fixture small; their rows are all there).
 */
const OLD_DEMO_DATA = gunzipSync(readFileSync(new URL('before-migrations.demo-data.sql.gz', FIXTURES))).toString('utf8');

const open: TestDatabase[] = [];
afterEach(async () => {
  for (const database of open.splice(0)) await database.dispose();
});
async function emptyDatabase() {
  const database = await createTestDatabase({ empty: true });
  open.push(database);
  return database;
}

async function tableCounts(database: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
    order by table_name`.execute(database.db);
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(database.db);
    counts[table_name] = result.rows[0]!.n;
  }
  return counts;
}

const recorded = async (database: TestDatabase) =>
  (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(database.db)).rows.map((r) => r.name);

describe('upgrading a database made before migrations', () => {
  test('keeps every row of the demo data, records every migration and serves residents', async () => {
    const database = await emptyDatabase();
    await database.execScript(OLD_SCHEMA);
    await database.execScript(OLD_DEMO_DATA);
    const before = await tableCounts(database);
    expect(before.readings).toBeGreaterThan(100);
    expect(before.invoices).toBeGreaterThan(10);

    const applied = await migrate(database);
    const all = (await readMigrations()).map((m) => m.name);
    expect(applied).toEqual(all);
    expect(await recorded(database)).toEqual(all);

    const after = await tableCounts(database);
    for (const [table, count] of Object.entries(before)) expect({ table, count: after[table] }).toEqual({ table, count });

    // The old demo's personal codes were plain text; the start after the upgrade hashes them all.
    const hashed = await hashPlainPersonalCodes(database, personalCodeKey);
    expect(hashed.customers).toBeGreaterThan(0);
    expect(hashed.invalid).toBe(0);
    const plain = await sql<{ n: number }>`select (select count(*) from customers where personal_code is not null) + (select count(*) from users where personal_code is not null) as n`.execute(database.db);
    expect(Number(plain.rows[0]!.n)).toBe(0);

    const app = createApp({
      database,
      clock: new ManualClock('2026-11-30T10:00:00Z'),
      keys: createTokenKeys('test-secret-that-is-long-enough-0123456789'),
      personalCodeKey,
      secretBox,
      logger: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'),
      files: fileStores(postgresFileStore(database)),
      config: { demoMode: false, trustProxy: true },
    });
    const login = await app.request('/v1/demo/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@example.lv', password: 'Parole-2026!' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await app.request('/v1/demo/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    const { premises } = (await me.json()) as { premises: { id: string; label: string }[] };
    expect(premises.map((p) => p.label)).toContain('Malkalnes prospekts 3-111');
    const meters = await app.request(`/v1/demo/premises/${premises[0]!.id}/meters`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(meters.status).toBe(200);

    expect(await migrate(database)).toEqual([]);
    // A fresh engine, a schema, 800 rows, every migration and an Argon2 login: more than the default.
  }, 120_000);
});

describe('a fresh database', () => {
  test('gets every migration once, in order; a second start applies nothing', async () => {
    const database = await emptyDatabase();
    const all = (await readMigrations()).map((m) => m.name);
    expect(all[0]).toBe('0001_initial');
    expect([...all].sort()).toEqual(all);
    expect(await migrate(database)).toEqual(all);
    expect(await migrate(database)).toEqual([]);
    expect(await recorded(database)).toEqual(all);
  });

  test('a migration that fails leaves neither its changes nor its record, and stops the start', async () => {
    const database = await emptyDatabase();
    await migrate(database);
    const broken = { name: '9998_broken', script: 'create table half_done (id int); select 1 / 0;' };
    await expect(migrate(database, [...(await readMigrations()), broken])).rejects.toThrow(/division by zero/);
    const { rows } = await sql<{ exists: boolean }>`select to_regclass('public.half_done') is not null as exists`.execute(database.db);
    expect(rows[0]!.exists).toBe(false);
    expect(await recorded(database)).not.toContain('9998_broken');
  });

  test('a migration merged with a lower number than one already applied still runs', async () => {
    const database = await emptyDatabase();
    const all = await readMigrations();
    const late = { name: '9997_late', script: 'create table late_one (id int);' };
    const later = { name: '9999_later', script: 'create table later_one (id int);' };
    await migrate(database, [...all, later]);
    expect(await migrate(database, [...all, late, later])).toEqual(['9997_late']);
  });
});

describe.skipIf(testDatabaseKind() !== 'postgres')('two instances starting at once on one Postgres', () => {
  test('each migration is applied exactly once', async () => {
    const database = await emptyDatabase();
    const second = await openDatabase({ url: database.url!, poolSize: 2 });
    try {
      const [a, b] = await Promise.all([migrate(database), migrate(second)]);
      const all = (await readMigrations()).map((m) => m.name);
      expect([...a, ...b].sort()).toEqual(all);
      expect(await recorded(database)).toEqual(all);
    } finally {
      await second.close();
    }
  });
});
