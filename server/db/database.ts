/**
 * @module
 * Opens the database: embedded PGlite on disk when no DATABASE_URL is given, a Postgres server
 * through `pg` otherwise (the schema comes from migrator.ts). Every request that touches
 * tenant data goes through `withTenant`, which runs it in a transaction as the role doorstep_app
 * with app.tenant_id set, so row-level security scopes even a query that forgets its filter.
 *
 * Round trips are what a request pays most for (bench/readings.bench.mjs), so the dialects
 * (pg-dialect.ts, pglite-dialect.ts) send BEGIN together with the tenant scope, and a resident
 * request's session lookup rides along too (withTenantFirst). A read whose statements are known
 * before the session is checked needs no transaction of its own (readTenant): the GET of the meter
 * list is one trip — scope, session and meters in one message.
 */
import { Kysely, sql, type Transaction } from 'kysely';
import { executeFirst, executeReads, isUuid, sqlUuid, type StatementCall } from './first-statement.ts';
import type { Database } from './types.ts';

export { executeLast, sqlUuid, type FirstStatement, type SqlArg, type StatementCall } from './first-statement.ts';

export type Tx = Transaction<Database>;
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  /** The owner's connection: schema, demo seed and system jobs (tenant lookup, outbox worker). */
  db: Db;
  /** Runs `fn` in a transaction scoped to one tenant, as the application role. */
  withTenant<T>(tenantId: string, fn: (trx: Tx) => Promise<T>): Promise<T>;
  /**
   * Like withTenant, and runs the `first` statements in the same round trip that opens the
   * transaction, as the application role and under row-level security like any other statement;
   * `fn` gets one list of rows per statement. See first-statement.ts.
   */
  withTenantFirst<T>(tenantId: string, first: readonly StatementCall[], fn: (trx: Tx, rows: unknown[][]) => Promise<T>): Promise<T>;
  /**
   * Runs read statements for one tenant in a single round trip: the tenant scope and every call in
   * one message, which Postgres runs as one implicit transaction as doorstep_app, with no BEGIN or
   * COMMIT of its own. One list of rows per call, in order. See first-statement.ts.
   */
  readTenant(tenantId: string, calls: readonly StatementCall[]): Promise<unknown[][]>;
  /** Runs a multi-statement SQL script as the owner (tests restore fixtures with it). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… for a server; unset for embedded PGlite. */
  url?: string | undefined;
  /** PGlite's data directory, or `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  /** Connections in the pool (Postgres only). */
  poolSize?: number;
  /** A PGlite data directory dump to start from (tests: a database that already has the schema). */
  template?: Blob | undefined;
  /** An engine already open (tests build their template through it); its parsers are its own. */
  pglite?: import('@electric-sql/pglite').PGlite;
}

// date → 'YYYY-MM-DD', numeric → string (decimal strings end to end), int8 → number (counts).
const DATE_OID = 1082;
const NUMERIC_OID = 1700;
const INT8_OID = 20;

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPGlite(options.pglite ?? (await newPGlite(options.dataDir ?? 'memory://', options.template)));
}

async function newPGlite(dataDir: string, template?: Blob) {
  const { PGlite, types } = await import('@electric-sql/pglite');
  return new PGlite(dataDir, {
    ...(template ? { loadDataDir: template } : {}),
    parsers: {
      [DATE_OID]: (value: string) => value,
      [NUMERIC_OID]: (value: string) => value,
      [INT8_OID]: (value: string) => Number(value),
      [types.TIMESTAMPTZ]: (value: string) => new Date(value),
    },
  });
}

async function openPGlite(pg: import('@electric-sql/pglite').PGlite): Promise<DatabaseHandle> {
  const { PGliteDialect } = await import('./pglite-dialect.ts');
  await pg.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  return handle('pglite', db, async (script) => {
    // The script must not interleave with a transaction another caller holds.
    await db.connection().execute(async () => {
      await pg.exec(script);
    });
  });
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pgModule = await import('pg');
  const pgLib = (pgModule as unknown as { default?: typeof pgModule }).default ?? pgModule;
  const typeParsers: Record<number, (value: string) => unknown> = {
    [DATE_OID]: (value) => value,
    [NUMERIC_OID]: (value) => value,
    [INT8_OID]: (value) => Number(value),
  };
  const pool = new pgLib.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        typeParsers[oid] ?? pgLib.types.getTypeParser(oid, format)) as typeof pgLib.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const { PgDialect } = await import('./pg-dialect.ts');
  const db = new Kysely<Database>({ dialect: new PgDialect(pool) });
  return handle('postgres', db, async (script) => {
    await sql.raw(script).execute(db);
  });
}

/**
 * The statements that make a transaction the tenant's: role doorstep_app (row-level security on)
 * and app.tenant_id, both local to the transaction (SET LOCAL, which answers with no rows to read
 * back). With the tenant id inlined they have no parameters, so the dialects send them in one
 * message with BEGIN (and withTenantFirst's statements). They answer SCOPE_RESULTS results.
 */
const scopeToTenant = (tenantId: string) => `set local role doorstep_app;\nset local app.tenant_id = ${sqlUuid(tenantId)}`;
const SCOPE_RESULTS = 2;

function handle(kind: DatabaseHandle['kind'], db: Db, execScript: (script: string) => Promise<void>): DatabaseHandle {
  return {
    kind,
    db,
    execScript,
    withTenant: (tenantId, fn) =>
      db.transaction().execute(async (trx) => {
        if (isUuid(tenantId)) await sql.raw(scopeToTenant(tenantId)).execute(trx);
        // Never the case for a tenants row; kept as a parameter rather than refused.
        else await sql`select set_config('role', 'doorstep_app', true), set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
        return fn(trx);
      }),
    withTenantFirst: (tenantId, first, fn) =>
      db.transaction().execute(async (trx) => {
        const { rows } = await trx.executeQuery<unknown[]>(executeFirst(scopeToTenant(tenantId), first));
        return fn(trx, rows.slice(SCOPE_RESULTS));
      }),
    readTenant: async (tenantId, calls) => {
      const { rows } = await db.executeQuery<unknown[]>(executeReads(scopeToTenant(tenantId), calls));
      return rows.slice(SCOPE_RESULTS);
    },
    close: () => db.destroy(),
  };
}
