/**
 * @module
 * Opens the database: embedded PGlite on disk when no DATABASE_URL is given, a Postgres server
 * through `pg` otherwise (the schema comes from migrator.ts). Every request that touches
 * tenant data goes through `withTenant`, which runs it in a transaction as the role doorstep_app
 * with app.tenant_id set, so row-level security scopes even a query that forgets its filter.
 *
 * SQL runs one way: Kysely, parameterized statements, in that transaction. Issue #16 removed the
 * round-trip savers that once sat here (BEGIN deferred into the first statement, literals inlined
 * into one-message scripts prepared per connection, a hand-written reader of PGlite's answers):
 * three ways of running SQL, rows typed by hand, and SQL-level PREPARE, which breaks behind a
 * transaction-mode pooler (PgBouncer). On pg, statements with parameters are named on the wire so
 * that each connection plans them once (preparingClient below). What a request pays is printed
 * by bench/readings.bench.mjs and bench/peak.bench.mjs. One message still carries two statements:
 * a tenant transaction's BEGIN and its scope go together (`scopedBegin`), which saves a round
 * trip per request at no cost in clarity (bench/server-cpu.mjs prints what a request costs).
 */
import type { Readable } from 'node:stream';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type Transaction,
  type UnknownRow,
} from 'kysely';
import type { Database } from './types.ts';

export type Tx = Transaction<Database>;
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  /**
   * The owner's connection with no scope: the tenants table (the directory, the operator) and
   * migrations. Tenant tables FORCE row-level security (migration 0097), so through this handle a
   * connecting role that is not a superuser sees no tenant row at all: cross-tenant work says so
   * with `withSystem`, tenant work with `withTenant`.
   */
  db: Db;
  /** Runs `fn` in a transaction scoped to one tenant, as the application role. */
  withTenant<T>(tenantId: string, fn: (trx: Tx) => Promise<T>, settings?: TenantTransactionSettings): Promise<T>;
  /**
   * Runs `fn` in a transaction of the owner in the system scope (`app.scope = 'system'`, local to
   * it): the one way to reach the rows of every tenant (job runner, outbox worker, operator, demo
   * seed, start-up data fixes). The scope ends with the transaction; a statement after it throws.
   */
  withSystem<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script as the owner (tests restore fixtures with it). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * How the transaction begins, for the few that need more than READ COMMITTED (the export reads
 * one snapshot throughout). Set with BEGIN itself: the tenant scope is a query, after which
 * Postgres no longer lets a transaction change its isolation.
 */
export interface TenantTransactionSettings {
  isolation?: 'repeatable read';
  readOnly?: boolean;
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
  const copyModule = await import('pg-copy-streams');
  const copyStreams = (copyModule as unknown as { default?: typeof copyModule }).default ?? copyModule;
  const typeParsers: Record<number, (value: string) => unknown> = {
    [DATE_OID]: (value) => value,
    [NUMERIC_OID]: (value) => value,
    [INT8_OID]: (value) => Number(value),
  };
  const pool = new pgLib.Pool({
    connectionString: url,
    max: poolSize,
    Client: preparingClient(pgLib.Client, copyStreams.to),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        typeParsers[oid] ?? pgLib.types.getTypeParser(oid, format)) as typeof pgLib.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return handle('postgres', db, async (script) => {
    await sql.raw(script).execute(db);
  });
}

/**
 * Most statements are planned once per connection instead of on every request: a statement with
 * parameters is sent as a named prepared statement of the wire protocol (pg's `name`), so
 * Postgres parses and plans it the first time a connection sends it and then only binds and runs
 * it. A resident request sends four to eight such statements under row-level security, and their
 * planning cost about as much as running them (EXPLAIN ANALYZE at 1M apartments, issue #16).
 *
 * Still one way to run SQL: Kysely compiles the same parameterized statements; only the wire
 * message names them. Protocol-level names work through PgBouncer in transaction mode from 1.21
 * on (`max_prepared_statements`), unlike the SQL-level PREPARE this replaced. Statements without
 * parameters (BEGIN, COMMIT, scripts with several statements) go as before. The names are
 * counted per process; past MAX_PREPARED distinct texts (generated shapes such as a long IN list
 * or a many-row insert) new ones go unnamed, so no connection holds an unbounded set of plans.
 */
const MAX_PREPARED = 1000;

type CopyTo = (text: string, options?: { highWaterMark?: number }) => Readable;

/**
 * `COPY (…) TO STDOUT` on Postgres, in the caller's transaction: the bytes Postgres writes, as a
 * stream read at the consumer's pace (pg-copy-streams reads the connection's socket itself, so
 * memory stays flat). The only statement that does not come back as rows, so it is the one
 * special path: it still goes through Kysely on the transaction's connection (the statement
 * text is marked, and the pg client below hands it to pg-copy-streams), so the transaction, its
 * role and tenant and its snapshot are the same as for any other statement. Used where the
 * measured cost of rows was the point: the readings CSV export (readings-export.repository.ts).
 *
 * The consumer must read the stream to its end, or `drain` it: the connection answers nothing
 * else (not even the transaction's ROLLBACK) until the COPY is over. undefined on PGlite, which
 * has no streamed COPY.
 */
export async function copyOut(database: DatabaseHandle, trx: Tx, statement: string): Promise<Readable | undefined> {
  if (database.kind !== 'postgres') return undefined;
  const { rows } = await sql.raw<{ stream: Readable }>(COPY_OUT + statement).execute(trx);
  return rows[0]!.stream;
}

/** Reads a COPY stream to its end without keeping anything, so its connection is free again. */
export function drain(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream.removeAllListeners('readable');
    stream.once('end', resolve);
    stream.once('error', () => resolve());
    stream.on('data', () => {});
    stream.resume();
  });
}

/** Marks a statement for copyOut (a comment: harmless if it ever reached Postgres as it is). */
const COPY_OUT = '/* doorstep:copy-out */ ';
const preparedNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) preparedNames.set(text, (name = `doorstep_${preparedNames.size}`));
  return name;
}

function preparingClient(Base: typeof import('pg').Client, copyTo: CopyTo): typeof import('pg').Client {
  return class PreparingClient extends Base {
    // pg's overloads; a (text, values) call with values is named, anything else passes through.
    override query(...args: unknown[]): any {
      const [text, values] = args;
      if (typeof text === 'string' && text.startsWith(COPY_OUT) && (!Array.isArray(values) || values.length === 0)) {
        // copyOut below: the COPY runs on this connection, in its turn; its rows are read from the stream.
        const stream = (super.query as (submittable: unknown) => Readable)(copyTo(text.slice(COPY_OUT.length), { highWaterMark: 256 * 1024 }));
        return Promise.resolve({ command: 'COPY', rowCount: 0, rows: [{ stream }], fields: [] });
      }
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2) {
        const name = statementName(text);
        if (name) return (super.query as (config: unknown) => unknown)({ name, text, values });
      }
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
  } as unknown as typeof import('pg').Client;
}

/** Tenant ids are our own uuids; only a uuid is ever written into the scope statement's text. */
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statement that opens a tenant transaction: BEGIN and the tenant scope (the role row-level
 * security applies to, and the tenant; both local to the transaction) in one message of the simple
 * protocol, so opening it costs one round trip instead of two. A resident request sends five to
 * ten statements; each round trip is a write and a read on both sides of the socket, which were
 * most of the server's CPU per request (issue #16). The tenant id is the one value in it, and it
 * goes in as a literal only once it is known to be a uuid (it comes from the tenant directory).
 */
export function scopedBegin(tenantId: string, settings: TenantTransactionSettings = {}): string {
  if (!UUID_TEXT.test(tenantId)) throw new Error('a tenant transaction needs the tenant\'s uuid');
  let begin = 'begin';
  if (settings.isolation || settings.readOnly) {
    begin = 'start transaction';
    if (settings.isolation) begin += ` isolation level ${settings.isolation}`;
    if (settings.readOnly) begin += ' read only';
  }
  return `${begin};\nselect set_config('role', 'doorstep_app', true), set_config('app.tenant_id', '${tenantId}', true)`;
}

/**
 * The statement that opens a system transaction: BEGIN and the system scope in one message. The
 * scope opens only the `system_scope` policy of migration 0097, which is for the owning role: the
 * application role (doorstep_app) gains nothing from it.
 */
export const SYSTEM_BEGIN = "begin;\nselect set_config('app.scope', 'system', true)";

/** Refuses any statement once its transaction has ended (Kysely's Transaction does the same). */
class EndedTransactionGuard implements KyselyPlugin {
  ended = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.ended) throw new Error('this transaction has already ended: a statement after its commit or rollback would run outside its scope');
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function handle(kind: DatabaseHandle['kind'], db: Db, execScript: (script: string) => Promise<void>): DatabaseHandle {
  return {
    kind,
    db,
    execScript,
    withTenant: async <T>(tenantId: string, fn: (trx: Tx) => Promise<T>, settings: TenantTransactionSettings = {}): Promise<T> =>
      scopedTransaction(db, CompiledQuery.raw(scopedBegin(tenantId, settings)), fn),
    withSystem: <T>(fn: (trx: Tx) => Promise<T>): Promise<T> => scopedTransaction(db, CompiledQuery.raw(SYSTEM_BEGIN), fn),
    close: () => db.destroy(),
  };
}

/**
 * One connection for the whole transaction, which this opens with `begin` (BEGIN and the scope in
 * one message) and ends itself (not Kysely's db.transaction(), whose BEGIN is a message of its own).
 */
function scopedTransaction<T>(db: Db, begin: CompiledQuery, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    const guard = new EndedTransactionGuard();
    // Typed as a Transaction: statements run on this one connection inside BEGIN … COMMIT,
    // and once it has ended every statement throws, as on Kysely's own Transaction.
    const trx = connection.withPlugin(guard) as unknown as Tx;
    await connection.executeQuery(begin);
    let result: T;
    try {
      result = await fn(trx);
    } catch (error) {
      guard.ended = true;
      await connection.executeQuery(ROLLBACK);
      throw error;
    }
    guard.ended = true;
    await connection.executeQuery(COMMIT);
    return result;
  });
}

const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
