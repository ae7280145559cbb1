/**
 * @module
 * BEGIN is not sent on its own: both dialects hold it back and send it in the same message as the
 * transaction's first statement, saving a round trip per request. A transaction that never ran a
 * statement was never begun, so there is nothing to commit or roll back; one whose last statement
 * carried its COMMIT (first-statement.ts, executeLast) has already ended. Both dialects are
 * Postgres on the wire, so they share Kysely's Postgres adapter, compiler and introspector.
 */
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type TransactionSettings,
} from 'kysely';
import { prepareSql, resultsOf, type Execution } from './first-statement.ts';

export interface DeferredBeginConnection extends DatabaseConnection {
  /** The BEGIN waiting for the first statement, if any. */
  pendingBegin: string | undefined;
  /** Set when a statement's own message committed (executeLast): nothing is left to end. */
  ended: boolean;
}

export function beginStatement(settings: TransactionSettings): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  let begin = 'start transaction';
  if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
  if (settings.accessMode) begin += ` ${settings.accessMode}`;
  return begin;
}

/**
 * Prepares, once per connection, the statements a query of first-statement.ts executes: outside
 * the transaction when it has not begun yet. A PREPARE outlives a rollback; one that fails creates
 * nothing and throws.
 */
export async function prepareStatements(prepared: Set<string>, execution: Execution | undefined, run: (sql: string) => Promise<unknown>): Promise<void> {
  for (const statement of execution?.statements ?? []) {
    if (prepared.has(statement.name)) continue;
    await run(prepareSql(statement));
    prepared.add(statement.name);
  }
}

/**
 * Sends a parameterless query in one message, the pending BEGIN in front of it, and answers the
 * results that belong to the query (first-statement.ts, resultsOf); a message that committed
 * leaves the connection's transaction ended.
 */
export async function sendScript<T>(
  connection: DeferredBeginConnection,
  sql: string,
  execution: Execution | undefined,
  send: (text: string) => Promise<readonly T[]>,
): Promise<T[]> {
  const begin = connection.pendingBegin;
  connection.pendingBegin = undefined;
  const results = resultsOf(await send(begin === undefined ? sql : `${begin};\n${sql}`), execution, begin !== undefined);
  if (execution?.commits) connection.ended = true;
  return results;
}

/** Sends the pending BEGIN on its own: a statement with parameters cannot share its message. */
export async function sendBeginAlone(connection: DeferredBeginConnection, run: (sql: string) => Promise<unknown>): Promise<void> {
  const begin = connection.pendingBegin;
  if (begin === undefined) return;
  connection.pendingBegin = undefined;
  await run(begin);
}

export async function endTransaction(connection: DeferredBeginConnection, command: 'commit' | 'rollback'): Promise<void> {
  if (connection.pendingBegin || connection.ended) {
    connection.pendingBegin = undefined;
    connection.ended = false;
    return;
  }
  await connection.executeQuery(CompiledQuery.raw(command));
}

/** A Kysely dialect that speaks Postgres through the given driver (pg's pool or PGlite). */
export class PostgresFamilyDialect implements Dialect {
  constructor(private readonly driver: () => Driver) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return this.driver();
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
