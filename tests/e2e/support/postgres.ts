/**
 * @module
 * A fresh database on the Postgres server of TEST_DATABASE_URL for one end-to-end test, dropped
 * afterwards; undefined when no server is configured (the test is then skipped).
 */
import pg from 'pg';

export const postgresUrl = process.env.TEST_DATABASE_URL;

export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgresUrl!;
  const name = `doorstep_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: admin });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Runs one query on a database of the server (the tests' own look behind the API). */
export async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
