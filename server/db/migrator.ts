/**
 * @module
 * Schema changes ship as numbered SQL files in server/db/migrations/ (`0001_initial.sql`,
 * `0002_api_keys.sql`, …), the only source of truth for the schema. On start every file not yet
 * recorded in `schema_migrations` runs, each in a transaction of its own together with its record,
 * so a migration is applied whole or not at all.
 *
 * Several instances may start at once against one Postgres: each migration's transaction first
 * takes a transaction-scoped advisory lock, then reads the record again, so whoever comes second
 * waits and then finds the work done. The lock ends with the transaction; nothing is left held if
 * a process dies mid-migration.
 *
 * Databases made before migrations existed (schema.sql applied whole, up to commit 3ecf87b) have
 * the tables but no record: they are recognised by the `tenants` table and 0001 is recorded as
 * applied without running, since it is exactly that schema.
 *
 * A file is never edited once it has landed: a change is a new file. A migration that landed on
 * another branch with a lower number than one already applied still runs (the record is a set,
 * not a high-water mark).
 */
import { readdir, readFile } from 'node:fs/promises';
import { cwd } from 'node:process';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

export interface Migration {
  /** `0002_api_keys`: the file name without `.sql`; its leading number orders it. */
  name: string;
  script: string;
}

/** Any 64-bit number that nothing else in the deployment uses as an advisory lock. */
const MIGRATION_LOCK = 7_302_115_907;
const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * The migrations folder: next to this file in the sources, beside the bundle in server/dist, or
 * (for code bundled somewhere else, like the widget tests' server commands) under the working
 * directory of a checkout.
 */
async function migrationsDir(): Promise<URL> {
  const here = ['./migrations/', '../db/migrations/'].map((candidate) => new URL(candidate, import.meta.url));
  const checkout = new URL('server/db/migrations/', pathToFileURL(`${cwd()}/`));
  for (const url of [...here, checkout]) {
    try {
      await readdir(url);
      return url;
    } catch {
      // try the next place
    }
  }
  throw new Error('server/db/migrations not found next to the server');
}

/** Every migration file, in order. Two files with one number are a merge mistake and stop start-up. */
export async function readMigrations(): Promise<Migration[]> {
  const dir = await migrationsDir();
  const names = (await readdir(dir)).filter((name) => FILE.test(name)).sort();
  const numbers = names.map((name) => name.slice(0, 4));
  const clash = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (clash) throw new Error(`two migrations are numbered ${clash}: renumber one of them`);
  return Promise.all(names.map(async (file) => ({ name: file.replace(/\.sql$/, ''), script: await readFile(new URL(file, dir), 'utf8') })));
}

const RECORD_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name       text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies every migration the database has not recorded, in order. Returns the names it applied
 * (a database made before migrations reports its baseline 0001 as applied too).
 */
export async function migrate(database: DatabaseHandle, migrations?: readonly Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  const applied: string[] = [];
  for (const migration of all) {
    const ran = await database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      // A migration fixes data of every tenant: the system scope, without which a connecting role
      // that is not a superuser sees no tenant row (FORCE ROW LEVEL SECURITY, migration 0097).
      await sql`select set_config('app.scope', 'system', true)`.execute(trx);
      await sql.raw(RECORD_TABLE).execute(trx);
      const done = await sql<{ name: string }>`select name from schema_migrations where name = ${migration.name}`.execute(trx);
      if (done.rows.length > 0) return false;
      if (!(migration.name.startsWith('0001_') && (await madeBeforeMigrations(trx)))) {
        await sql.raw(migration.script).execute(trx);
      }
      await sql`insert into schema_migrations (name) values (${migration.name})`.execute(trx);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** A database whose tables came from the old schema.sql: tenants exists, nothing is recorded yet. */
async function madeBeforeMigrations(trx: Parameters<Parameters<DatabaseHandle['withTenant']>[1]>[0]): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`select to_regclass('public.tenants') is not null as exists`.execute(trx);
  return rows[0]?.exists === true;
}

/** What the test template cache keys on: every migration's name and text. */
export function migrationsFingerprint(migrations: readonly Migration[]): string {
  return migrations.map((m) => `${m.name}\n${m.script}`).join('\n\0\n');
}
