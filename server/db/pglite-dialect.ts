/**
 * @module
 * A Kysely dialect over embedded PGlite. PGlite is one connection in one thread, so the driver
 * hands that connection to one user at a time; a transaction holds it until commit or rollback.
 *
 * Every call into PGlite is a trip through its WebAssembly engine, and a statement with parameters
 * costs six of them (parse, describe, bind, describe, execute, sync). So, as in pg-dialect.ts,
 * BEGIN waits for the transaction's first statement and rides along with it when that statement
 * has no parameters, and parameterless statements (scripts too) go through `exec`: one trip.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

class PGliteConnection implements DatabaseConnection {
  /** The BEGIN not sent yet. */
  pendingBegin: string | undefined;

  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let result: Results<R>;
    if (query.parameters.length === 0) {
      const text = this.pendingBegin ? `${this.pendingBegin};\n${query.sql}` : query.sql;
      this.pendingBegin = undefined;
      // A script answers with one result per statement: the caller wants the last one's rows.
      const results = await this.pg.exec(text);
      result = results[results.length - 1] as Results<R>;
    } else {
      if (this.pendingBegin) {
        const begin = this.pendingBegin;
        this.pendingBegin = undefined;
        await this.pg.exec(begin);
      }
      result = await this.pg.query<R>(query.sql, query.parameters as unknown[]);
    }
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && affected > 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect does not stream');
  }
}

class PGliteDriver implements Driver {
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  readonly #connection: PGliteConnection;

  constructor(private readonly pg: PGlite) {
    this.#connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      begin = 'start transaction';
      if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) begin += ` ${settings.accessMode}`;
    }
    (connection as PGliteConnection).pendingBegin = begin;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection as PGliteConnection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection as PGliteConnection, 'rollback');
  }

  /** A transaction that never ran a statement was never begun: there is nothing to end. */
  async #end(connection: PGliteConnection, command: 'commit' | 'rollback'): Promise<void> {
    if (connection.pendingBegin) {
      connection.pendingBegin = undefined;
      return;
    }
    await connection.executeQuery(CompiledQuery.raw(command));
  }

  async releaseConnection(): Promise<void> {
    this.#connection.pendingBegin = undefined;
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.pg);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
