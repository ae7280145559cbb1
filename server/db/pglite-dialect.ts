/**
 * @module
 * A Kysely dialect over embedded PGlite. PGlite is one connection in one thread, so the driver
 * hands that connection to one user at a time; a transaction holds it until commit or rollback.
 *
 * Every call into PGlite is a trip through its WebAssembly engine, and `query()` costs six of them
 * (parse, describe, bind, describe, execute, sync) and a parse and plan inside the engine. So, as in
 * pg-dialect.ts: BEGIN waits for the transaction's first statement and rides along with it when
 * that statement has no parameters; parameterless statements (scripts too) go through `exec`, one
 * trip; and a statement with parameters is prepared under a name once (its parameter types read
 * from the engine, as `query()` does) and then executed in one trip that binds the values with
 * PGlite's own serializers. Answers are read by pglite-wire.ts. Measured: a third of the time
 * `query()` takes for the meter list's statement.
 */
import { protocol, type PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { executionOf } from './first-statement.ts';
import { readResponse, type WireResponse, type WireResult } from './pglite-wire.ts';
import { beginStatement, endTransaction, PostgresFamilyDialect, prepareStatements, sendBeginAlone, sendScript } from './deferred-begin.ts';

/** Distinct statement texts kept prepared; later ones run through `query()`. */
const MAX_NAMED_STATEMENTS = 500;

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

class PGliteConnection implements DatabaseConnection {
  /** The BEGIN not sent yet. */
  pendingBegin: string | undefined;
  ended = false;
  /** The FirstStatements prepared (first-statement.ts). */
  readonly #prepared = new Set<string>();
  /** Statements with parameters, prepared: their names and parameter types, by text. */
  readonly #statements = new Map<string, { name: string; types: number[] }>();
  #named = 0;

  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const execution = executionOf(query);
    await prepareStatements(this.#prepared, execution, (sql) => this.#exec(sql));
    let result: WireResult;
    if (query.parameters.length === 0) {
      // A script answers with one result per statement (see first-statement.ts for which count).
      const results = await sendScript(this, query.sql, execution, async (text) => (await this.#send(serialize.query(text))).results);
      if (execution?.all) return { rows: results.map((r) => r.rows) as R[] };
      result = results[results.length - 1] ?? { rows: [], affectedRows: 0 };
    } else {
      await sendBeginAlone(this, (sql) => this.#exec(sql));
      result = await this.#executePrepared(query.sql, query.parameters);
    }
    return {
      rows: result.rows as R[],
      ...(result.affectedRows > 0 ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  /**
   * Sends protocol messages in one trip and reads the answer (pglite-wire.ts). Through the
   * streaming call, because the plain raw call parses the answer with PGlite's reader as well.
   */
  async #send(message: Uint8Array): Promise<WireResponse> {
    const chunks: Uint8Array[] = [];
    // The chunks are views into the engine's memory, reused by the next write: copy them.
    await this.pg.execProtocolRawStream(message, { onRawData: (chunk) => void chunks.push(chunk.slice()) });
    return readResponse(chunks.length === 1 ? chunks[0]! : concat(chunks), this.pg.parsers);
  }

  /** A script in one trip; the last statement's rows (and the rows all of them affected). */
  async #exec(text: string): Promise<WireResult> {
    const { results } = await this.#send(serialize.query(text));
    return results[results.length - 1] ?? { rows: [], affectedRows: 0 };
  }

  async #executePrepared(text: string, parameters: readonly unknown[]): Promise<WireResult> {
    let statement = this.#statements.get(text);
    if (!statement) {
      if (this.#statements.size >= MAX_NAMED_STATEMENTS) {
        const result = await this.pg.query(text, parameters as unknown[]);
        return { rows: result.rows as Record<string, unknown>[], affectedRows: result.affectedRows ?? 0 };
      }
      // A fresh name for every attempt: one that failed halfway can never block a retry.
      const name = `doorstep_${++this.#named}`;
      const described = await this.#send(concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]));
      statement = { name, types: described.parameterTypes ?? [] };
      this.#statements.set(text, statement);
    }
    const { types } = statement;
    // Serialized by parameter type exactly as PGlite's query() does.
    const values = parameters.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.pg.serializers[types[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const { results } = await this.#send(
      concat([serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
    );
    return results[0] ?? { rows: [], affectedRows: 0 };
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
    (connection as PGliteConnection).pendingBegin = beginStatement(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await endTransaction(connection as PGliteConnection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await endTransaction(connection as PGliteConnection, 'rollback');
  }


  async releaseConnection(): Promise<void> {
    this.#connection.pendingBegin = undefined;
    this.#connection.ended = false;
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

export class PGliteDialect extends PostgresFamilyDialect {
  constructor(pg: PGlite) {
    super(() => new PGliteDriver(pg));
  }
}
