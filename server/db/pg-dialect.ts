/**
 * @module
 * A Kysely dialect over a `pg` pool, in place of Kysely's own PostgresDialect, for the round trips
 * every request pays (measured in bench/readings.bench.mjs; see database.ts):
 *
 * - BEGIN is deferred to the transaction's first statement. When that statement has no
 *   parameters (withTenant's `set_config(…)`, with the validated tenant UUID inlined) it travels
 *   in the same simple-protocol message as BEGIN: one round trip instead of two. Postgres takes a
 *   transaction's snapshot at its first statement anyway, so nothing changes but the trip.
 * - A parameterless script of several statements answers with its last statement's rows.
 * - Statements with parameters are prepared once per connection under a name derived from their
 *   text, so Postgres parses and plans them once instead of on every request. Row-level security
 *   stays in force: Postgres re-plans a cached plan when the role it was made for changes, and
 *   `current_tenant_id()` is evaluated at execution (tests/server/resident-path.test.ts). The
 *   number of names is capped, because query builders can produce endlessly many texts
 *   (`in ($1, $2, …)` of every length). A prepared `select *` refuses to run once its table's
 *   columns change, so schema changes need a restart (migrations are only ever applied at start).
 * - The statements of executeFirst and executeReads (first-statement.ts) are prepared with SQL
 *   PREPARE once per connection, so that their EXECUTEs can share one message with BEGIN or the
 *   tenant scope.
 */
import type { Pool, PoolClient, QueryConfig, QueryResult as PgResult } from 'pg';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { executionOf } from './first-statement.ts';
import { beginStatement, endTransaction, PostgresFamilyDialect, prepareStatements, sendBeginAlone, sendScript } from './deferred-begin.ts';

/** Distinct statement texts that get a prepared-statement name; later ones run unnamed. */
const MAX_NAMED_STATEMENTS = 500;
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
    name = `doorstep_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

const AFFECTING = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class PgConnection implements DatabaseConnection {
  /** The BEGIN (or START TRANSACTION …) not sent yet; see the module comment. */
  pendingBegin: string | undefined;
  ended = false;
  /** The FirstStatements prepared on this connection (first-statement.ts). */
  readonly #prepared = new Set<string>();

  constructor(readonly client: PoolClient) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let result: PgResult;
    const parameters = query.parameters;
    const execution = executionOf(query);
    await prepareStatements(this.#prepared, execution, (sql) => this.client.query(sql));
    if (parameters.length === 0) {
      // A script answers with one result per statement (see first-statement.ts for which count).
      const results = await sendScript(this, query.sql, execution, async (text) => {
        const answer = await this.client.query(text);
        return Array.isArray(answer) ? answer : [answer];
      });
      if (execution?.all) return { rows: results.map((r) => r.rows ?? []) as R[] };
      result = results[results.length - 1] ?? ({ rows: [], command: '', rowCount: 0 } as unknown as PgResult);
    } else {
      await sendBeginAlone(this, (sql) => this.client.query(sql));
      const config: QueryConfig = { text: query.sql, values: parameters as unknown[] };
      const name = statementName(query.sql);
      if (name) config.name = name;
      result = await this.client.query(config);
    }
    return {
      rows: (result.rows ?? []) as R[],
      ...(AFFECTING.has(result.command) ? { numAffectedRows: BigInt(result.rowCount ?? 0) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the pg dialect does not stream');
  }
}

class PgDriver implements Driver {
  readonly #connections = new WeakMap<PoolClient, PgConnection>();

  constructor(private readonly pool: Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PgConnection(client);
      this.#connections.set(client, connection);
    }
    connection.pendingBegin = undefined;
    connection.ended = false;
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    (connection as PgConnection).pendingBegin = beginStatement(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await endTransaction(connection as PgConnection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await endTransaction(connection as PgConnection, 'rollback');
  }


  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PgConnection).pendingBegin = undefined;
    (connection as PgConnection).ended = false;
    (connection as PgConnection).client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

export class PgDialect extends PostgresFamilyDialect {
  constructor(pool: Pool) {
    super(() => new PgDriver(pool));
  }
}
