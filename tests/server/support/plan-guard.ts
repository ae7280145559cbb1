/**
 * @module
 * The plan guard (Postgres only): every distinct statement the app sends while the server suite
 * runs is read back with EXPLAIN, as the request ran it, and a test file fails when one of them
 * reads a whole table or a whole tenant (plan-rules.ts says what that means and why).
 *
 * Collecting. `pg`'s `Client.prototype.query` is wrapped once per test process (plan-guard.setup.ts),
 * so nothing in the server knows about the guard, and a statement is collected whatever builds it:
 * Kysely's builder or its `sql` templates. What counts as the app's is what runs
 * inside a request (`duringRequest`, wrapped around the fetch handler of every createTestApp, so a
 * route added later is guarded with no one remembering to) or inside a job a test drives
 * (`duringJob`: the outbox worker of the mail rig). Test code setting up or checking rows runs
 * outside both and is not collected; neither are the migrations nor the demo seed, which run once
 * at start and not per request.
 *
 * Reading plans. Each statement is explained the way it ran: a statement sent inside the tenant
 * scope (the connection set the role doorstep_app and app.tenant_id in this transaction) under
 * `SET LOCAL ROLE doorstep_app` with the tenant set, since only there does row-level security keep
 * a non-leakproof function out of an index condition; one sent by the owner connection without a
 * tenant (the tenant lookup by slug, the outbox worker) as the owner. Both with
 * `SET LOCAL enable_seqscan = off`. The plans are read in a database of their own, made once per
 * run by global-setup.ts and filled so that its tables look big to the planner
 * (plan-guard-database.ts); the statement's own tenant becomes that database's big tenant. A
 * statement's parameters need not exist there: EXPLAIN does not run it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { expect } from 'vitest';
import { GUARD_TENANT } from './plan-guard-database.ts';
import { planProblems, SMALL_PER_TENANT, SMALL_TABLES, type PlanNode, type TableSizes } from './plan-rules.ts';

interface Sender {
  /** `POST /v1/:tenant/auth/login`, or the job's name. */
  label: string;
}

export interface SentStatement {
  /** The statement as sent: SQL with $1…$n. */
  text: string;
  values: readonly unknown[];
  /** The tenant scope it ran in; undefined: the owner's connection, row-level security bypassed. */
  tenantId?: string;
  sentBy: string;
  test: string;
}

const senders = new AsyncLocalStorage<Sender>();
const collected = new Map<string, SentStatement>();
const ignoredClients = new WeakSet<object>();

/** Runs one request of the app as the sender of what it sends (test-app.ts wraps fetch in it). */
export const duringRequest = <T>(request: Request, fn: () => T): T =>
  senders.run({ label: `${request.method} ${routeOf(new URL(request.url).pathname)}` }, fn);

/** Runs a job of the app (no request) as the sender of what it sends. */
export const duringJob = <T>(name: string, fn: () => T): T => senders.run({ label: name }, fn);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const routeOf = (path: string) => path.replace(UUID, ':id');

interface ClientScope {
  inTransaction: boolean;
  tenantId?: string;
}
const scopes = new WeakMap<object, ClientScope>();

/** Wraps pg's Client#query once per process; from then on the app's statements are collected. */
export function installPlanGuard(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown; __planGuard?: true };
  if (proto.__planGuard) return;
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    if (!ignoredClients.has(this)) {
      try {
        observe(this, args);
      } catch {
        // The guard must never break the statement it watches.
      }
    }
    return original.apply(this, args);
  };
  proto.__planGuard = true;
}

function observe(client: object, args: unknown[]): void {
  const [first, second] = args;
  const config = typeof first === 'string' ? { text: first, values: second } : (first as { text?: string; values?: unknown });
  if (typeof config?.text !== 'string') return;
  const values = Array.isArray(config.values) ? config.values : [];
  let scope = scopes.get(client);
  if (!scope) scopes.set(client, (scope = { inTransaction: false }));
  // A parameterless script may hold several statements (the export's settings).
  const parts = values.length > 0 ? [config.text] : config.text.split(/;\s*\n/);
  for (const raw of parts) {
    const part = raw.trim();
    const lower = part.toLowerCase();
    if (/^(begin|start transaction)\b/.test(lower)) scope.inTransaction = true;
    else if (/^(commit|rollback|end)\b/.test(lower)) Object.assign(scope, { inTransaction: false, tenantId: undefined });
    else if (/^set local app\.tenant_id = '/.test(lower)) scope.tenantId = /'([^']*)'/.exec(part)![1];
    // The scope: with the tenant as a parameter, or as the literal of scopedBegin's script (server/db/database.ts).
    else if (/^select set_config\('role', 'doorstep_app', true\), set_config\('app\.tenant_id'/.test(lower)) scope.tenantId = values.length > 0 ? String(values[0]) : /set_config\('app\.tenant_id', '([^']*)'/.exec(part)![1];
    else if (/^(set|reset|show|savepoint|release|deallocate|discard)\b/.test(lower) || part === '') continue;
    else if (/^create\s+(temp|temporary)\s+table\b/.test(lower)) temporaryTables.add(/table\s+(?:if\s+not\s+exists\s+)?(\w+)/i.exec(part)![1]!.toLowerCase());
    // Schema statements have no plan; they run in migrations and around an import's staging table.
    else if (/^(create|drop|alter|truncate|analyze|lock|comment)\b/.test(lower)) continue;
    else collect(part, values, scope.tenantId);
  }
  // A message outside BEGIN … COMMIT is its own implicit transaction: the scope ends with it.
  if (!scope.inTransaction) scope.tenantId = undefined;
}

/**
 * Tables a request made for itself (an import stages its rows in a temporary table, read whole by
 * design and gone at commit). They do not exist in the guard's database, so statements naming them
 * are left out; the import's lookups into real tables are checked by its own plan-free tests only.
 */
const temporaryTables = new Set<string>();
const namesTemporaryTable = (text: string) => [...temporaryTables].some((name) => new RegExp(`\\b${name}\\b`, 'i').test(text));

function collect(text: string, values: readonly unknown[], tenantId: string | undefined): void {
  const sender = senders.getStore();
  if (!sender) return;
  if (namesTemporaryTable(text)) return;
  // A value Postgres refused to take (a NUL in text: 400 invalid_text) never ran; the statement's
  // plan for values it can take is read when another request sends them.
  if (values.some((value) => typeof value === 'string' && value.includes('\u0000'))) return;
  const key = `${tenantId ? 'tenant' : 'owner'}\n${text}`;
  if (collected.has(key)) return;
  collected.set(key, {
    text,
    values: [...values],
    ...(tenantId ? { tenantId } : {}),
    sentBy: sender.label,
    test: expect.getState().currentTestName ?? '(outside a test)',
  });
}

/** Everything collected in this process so far (the guard's own tests read it). */
export const collectedStatements = (): SentStatement[] => [...collected.values()];

export interface PlanFinding {
  statement: SentStatement;
  problems: string[];
  plan: string;
}

/**
 * EXPLAINs every collected statement in the guard database at `url` and answers those whose plan
 * plan-rules.ts refuses (or that could not be explained at all), with their plan as text.
 */
export async function findWholeTableReads(url: string, statements: readonly SentStatement[] = collectedStatements()): Promise<PlanFinding[]> {
  const client = new pg.Client({ connectionString: url });
  ignoredClients.add(client);
  await client.connect();
  try {
    const sizes = await tableSizes(client);
    const findings: PlanFinding[] = [];
    for (const statement of statements) {
      try {
        const plan = (await explain(client, statement, 'json')) as [{ Plan: PlanNode }];
        const problems = planProblems(plan[0].Plan, sizes, { streamed: /^declare\s.*\scursor\s/is.test(statement.text) || COPY_OUT.test(statement.text) });
        if (problems.length > 0) findings.push({ statement, problems, plan: String(await explain(client, statement, 'text')) });
      } catch (error) {
        findings.push({ statement, problems: [`could not be explained: ${(error as Error).message}`], plan: '' });
      }
    }
    return findings;
  } finally {
    await client.end();
  }
}

async function tableSizes(client: pg.Client): Promise<TableSizes> {
  const { rows } = await client.query<{ index: string; table: string }>(`
    select i.relname as index, t.relname as table from pg_index x
    join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public'`);
  return { small: SMALL_TABLES, smallPerTenant: SMALL_PER_TENANT, tableOfIndex: new Map(rows.map((r) => [r.index, r.table])) };
}

/**
 * The statement as the guard's big tenant (plan-guard-database.ts) would send it: its own tenant's
 * id, wherever it appears as a value, becomes GUARD_TENANT, so the planner sees half the table.
 */
function asGuardTenant(statement: SentStatement): { text: string; values: unknown[] } {
  const own = statement.tenantId?.toLowerCase();
  if (!own) return { text: statement.text, values: [...statement.values] };
  return {
    text: statement.text.split(own).join(GUARD_TENANT),
    values: statement.values.map((v) => (typeof v === 'string' && v.toLowerCase() === own ? GUARD_TENANT : v)),
  };
}

/**
 * `COPY (query) TO STDOUT …` (the readings CSV export on Postgres): EXPLAIN takes its query, which
 * is read to the end at the client's pace, as a cursor is.
 */
const COPY_OUT = /^copy\s*\(([\s\S]*)\)\s*to\s+stdout\b[^()]*(?:\([^()]*\))?[^()]*$/i;

async function explain(client: pg.Client, statement: SentStatement, format: 'json' | 'text'): Promise<unknown> {
  const scope = statement.tenantId ? `set local role doorstep_app; set local app.tenant_id = '${GUARD_TENANT}';` : '';
  await client.query(`begin; ${scope} set local enable_seqscan = off`);
  const guarded = asGuardTenant(statement);
  const values = guarded.values;
  const text = COPY_OUT.exec(guarded.text)?.[1] ?? guarded.text;
  try {
    const { rows } = await client.query({ text: `explain (format ${format}) ${text}`, values });
    return format === 'json' ? rows[0]['QUERY PLAN'] : rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('rollback');
  }
}

/** The findings as the failure message: statement, parameters, who sent it, plan. */
export function describeFindings(findings: readonly PlanFinding[]): string {
  const blocks = findings.map(({ statement, problems, plan }, i) =>
    [
      `${i + 1}. ${problems.join('\n   ')}`,
      `   sent by:    ${statement.sentBy}  (test: ${statement.test})`,
      `   run as:     ${statement.tenantId ? 'doorstep_app, tenant set (row-level security on)' : 'the owner, no tenant'}`,
      `   statement:  ${statement.text.replace(/\s+/g, ' ')}`,
      `   parameters: ${JSON.stringify(statement.values)}`,
      `   plan (enable_seqscan = off):\n${plan.replace(/^/gm, '     ')}`,
    ].join('\n'),
  );
  return `Plan guard: ${findings.length} statement(s) read a whole table or a whole tenant instead of looking rows up by index\n\n${blocks.join('\n\n')}`;
}
