/**
 * @module
 * Statements that travel inlined in one parameterless message, so that one round trip carries a
 * request's whole conversation with the database:
 *
 * - `executeFirst`: BEGIN, the tenant scope and a transaction's first statements
 *   (database.withTenantFirst: a resident's session check opens the transaction, and a
 *   submission's lock and reads ride along).
 * - `executeReads`: the tenant scope and several reads, without BEGIN or COMMIT. Postgres runs the
 *   statements of one simple-protocol message as one implicit transaction, so `set_config(…,
 *   true)` scopes them all and ends with them (database.readTenant).
 * - `executeLast`: a transaction's last statement and its COMMIT (a submission's insert).
 *
 * One message is one round trip only when it has no parameters, so the values are inlined, and
 * only values whose text is checked against a strict shape first (`sqlLiteral`): UUIDs, dates,
 * instants, periods, integers and decimals. Nothing else can reach the SQL text. To spare Postgres
 * from parsing and planning each statement on every request, it is prepared once per connection
 * (SQL PREPARE) and the message says `execute name('…', …)`.
 *
 * Prepared statements keep row-level security: Postgres marks a plan made under a role that
 * bypasses it as depending on the role, and makes a new one when another role (doorstep_app)
 * executes it (tests/server/resident-path.test.ts checks it).
 */
import { CompiledQuery } from 'kysely';
import { isUuid } from '../http/ids.ts';

export { isUuid };

/** The parameter types a statement may take: each has a strict literal form (sqlLiteral). */
export type SqlType = 'uuid' | 'date' | 'timestamptz' | 'text' | 'text[]' | 'int4' | 'numeric';

/** A `text` parameter takes only period keys ('YYYY-MM'); `text[]` a list of them. */
export type SqlArg = string | number | Date | readonly string[];

export interface FirstStatement {
  /** Unique in the process; the statement is prepared under this name on each connection. */
  name: string;
  /** Postgres types of $1…$n. */
  types: readonly SqlType[];
  /** The statement, with $1…$n. */
  text: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PERIOD = /^\d{4}-\d{2}$/;
const DECIMAL = /^-?\d{1,30}(\.\d{1,10})?$/;

/**
 * A UUID as an SQL string literal (Postgres reads it as a uuid where one is expected). Only the
 * exact UUID shape passes, so nothing but hex digits and dashes reaches the SQL text; anything
 * else throws.
 */
export function sqlUuid(value: string): string {
  if (!isUuid(value)) throw new Error('not a UUID');
  return `'${value.toLowerCase()}'`;
}

/**
 * A value of the given type as an SQL literal, or a throw when its text does not have the type's
 * exact shape: digits, dashes, colons, dots and the letters of a UUID or an ISO instant only.
 */
export function sqlLiteral(type: SqlType, value: SqlArg): string {
  switch (type) {
    case 'uuid':
      return sqlUuid(value as string);
    case 'date':
      if (typeof value === 'string' && DATE.test(value)) return `'${value}'`;
      break;
    case 'timestamptz': {
      const text = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
      if (text && INSTANT.test(text)) return `'${text}'`;
      break;
    }
    case 'text':
      if (typeof value === 'string' && PERIOD.test(value)) return `'${value}'`;
      break;
    case 'text[]':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && PERIOD.test(v))) return `'{${value.join(',')}}'`;
      break;
    case 'int4':
      if (Number.isSafeInteger(value) && Math.abs(value as number) <= 2 ** 31 - 1) return String(value);
      break;
    case 'numeric':
      if (typeof value === 'string' && DECIMAL.test(value)) return `'${value}'`;
      break;
  }
  throw new Error(`not a ${type}`);
}

/** One statement to run, with its arguments. */
export interface StatementCall {
  statement: FirstStatement;
  args: readonly SqlArg[];
}

/**
 * What the dialects must know of a query made here: the statements to prepare before sending it;
 * `all`: answer every statement's rows (one list each, without BEGIN's); `commits`: the message
 * ends with COMMIT, so the transaction is over when it succeeds.
 */
export interface Execution {
  statements: FirstStatement[];
  all: boolean;
  commits: boolean;
}

const executions = new WeakMap<CompiledQuery, Execution>();

function executeSql({ statement, args }: StatementCall): string {
  if (args.length !== statement.types.length) throw new Error(`${statement.name} takes ${statement.types.length} arguments`);
  return `execute ${statement.name}(${args.map((arg, i) => sqlLiteral(statement.types[i]!, arg)).join(', ')})`;
}

function known(text: string, execution: Execution): CompiledQuery {
  const query = CompiledQuery.raw(text);
  executions.set(query, execution);
  return query;
}

/**
 * `prefix; execute a(…); execute b(…)` as one parameterless query whose answer is every
 * statement's rows: the prefix's first (one list per statement in it), then one list per call. Inside a transaction that has
 * not begun, BEGIN rides along (executeFirst is the same, named for that use).
 */
export const executeReads = (prefix: string, calls: readonly StatementCall[]): CompiledQuery =>
  known([prefix, ...calls.map(executeSql)].join(';\n'), { statements: calls.map((c) => c.statement), all: true, commits: false });

export const executeFirst = executeReads;

/** `execute a(…); commit`: a transaction's last statement and its end in one message; a's rows. */
export const executeLast = (call: StatementCall): CompiledQuery =>
  known(`${executeSql(call)};\ncommit`, { statements: [call.statement], all: false, commits: true });

/** How the dialects treat a query (undefined: an ordinary one). */
export const executionOf = (query: CompiledQuery): Execution | undefined => executions.get(query);

/**
 * The results of a parameterless message that belong to the query: BEGIN's dropped when BEGIN
 * rode along, COMMIT's when the query committed. The query's answer is every one of them for
 * `all`, else the last.
 */
export function resultsOf<T>(results: readonly T[], execution: Execution | undefined, begun: boolean): T[] {
  const answers = begun ? results.slice(1) : results.slice();
  if (execution?.commits) answers.pop();
  return answers;
}

/** The PREPARE that defines the statement. */
export const prepareSql = (statement: FirstStatement): string =>
  `prepare ${statement.name}(${statement.types.join(', ')}) as ${statement.text}`;
