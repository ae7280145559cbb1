/**
 * @module
 * The statement a tenant transaction starts with, sent in the same message as BEGIN and the
 * tenant scope (database.withTenantFirst). One message is one round trip only when it has no
 * parameters, so the values are inlined, and only values that can be checked to be harmless: UUIDs.
 * To spare Postgres from parsing and planning the statement on every request, it is prepared once
 * per connection (SQL PREPARE) and the message says `execute name('…', '…')`.
 *
 * Prepared statements keep row-level security: Postgres marks a plan made under a role that
 * bypasses it as depending on the role, and makes a new one when another role (doorstep_app)
 * executes it (tests/server/resident-path.test.ts checks it).
 */
import { CompiledQuery } from 'kysely';

export interface FirstStatement {
  /** Unique in the process; the statement is prepared under this name on each connection. */
  name: string;
  /** Postgres types of $1…$n; all uuid, the only values that may be inlined. */
  types: readonly 'uuid'[];
  /** The statement, with $1…$n. */
  text: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * A UUID as an SQL string literal (Postgres reads it as a uuid where one is expected). Only the
 * exact UUID shape passes, so nothing but hex digits and dashes reaches the SQL text; anything
 * else throws.
 */
export function sqlUuid(value: string): string {
  if (!isUuid(value)) throw new Error('not a UUID');
  return `'${value.toLowerCase()}'`;
}

/** The queries that execute a FirstStatement, and which one: the dialects prepare it before. */
const executions = new WeakMap<CompiledQuery, FirstStatement>();

/** `prefix; execute name(args…)` as one parameterless query, known to the dialects. */
export function executeFirst(prefix: string, statement: FirstStatement, args: readonly string[]): CompiledQuery {
  if (args.length !== statement.types.length) throw new Error(`${statement.name} takes ${statement.types.length} arguments`);
  const query = CompiledQuery.raw(`${prefix};\nexecute ${statement.name}(${args.map(sqlUuid).join(', ')})`);
  executions.set(query, statement);
  return query;
}

/** The FirstStatement a query executes, if any. */
export const firstStatementOf = (query: CompiledQuery): FirstStatement | undefined => executions.get(query);

/** The PREPARE that defines the statement. */
export const prepareSql = (statement: FirstStatement): string =>
  `prepare ${statement.name}(${statement.types.join(', ')}) as ${statement.text}`;
