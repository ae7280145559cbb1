/**
 * @module
 * A fresh, empty database for one test file: in-memory PGlite by default, or a new database on
 * the Postgres server of TEST_DATABASE_URL when DOORSTEP_TEST_DB=postgres (scripts/test.mjs runs
 * the server suite both ways).
 */
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { migrate } from '../../../server/db/migrator.ts';
import { loadTemplate } from './pglite-template.ts';

export const testDatabaseKind = (): 'pglite' | 'postgres' =>
  process.env.DOORSTEP_TEST_DB === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase extends DatabaseHandle {
  /** Closes the handle and, on a Postgres server, drops the database. */
  dispose(): Promise<void>;
  /** The URL of the per-test database (Postgres only), for extra raw connections. */
  url?: string;
}

/** `empty`: no migrations applied (the migration tests start from a bare database). */
export async function createTestDatabase(options: { poolSize?: number; empty?: boolean } = {}): Promise<TestDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://', template: options.empty ? undefined : await loadTemplate() });
    if (!options.empty) await migrate(database);
    return { ...database, dispose: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `doorstep_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: options.poolSize ?? 5 });
  if (!options.empty) await migrate(database);
  return {
    ...database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
