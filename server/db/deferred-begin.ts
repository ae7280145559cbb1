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
