/**
 * @module
 * What the plan guard (plan-guard.ts) refuses in a plan, as a pure function of Postgres's
 * `EXPLAIN (FORMAT JSON)` tree, so the rule can be read and tested without a database.
 *
 * A request must find its rows through an index on something more selective than the tenant: a
 * table that grows with tenants (and with each tenant's residents) read whole costs time in
 * proportion to the country, not to the request. Plans are read with `enable_seqscan = off`, so
 * a Seq Scan that remains means no index could serve the query at all, and a scan whose index
 * condition holds nothing but `tenant_id` means the index only narrowed it to one tenant: exactly
 * what login under row-level security did while it compared `lower(email)` (a function Postgres
 * may only apply after the policy, so never inside an index condition).
 *
 * Under a Limit an index scan may stop early (the first page of a tenant's newest notices), so a
 * tenant-only condition is allowed there. So it is in a statement that declares a cursor: that is
 * how a bulk export streams a tenant's rows page by page, reading them all by design; a Seq Scan
 * (every tenant's rows) is refused there too.
 */

/**
 * Tables that stay small as a whole by design, with the reason; a Seq Scan of them is fine. Every
 * other table is taken to grow with tenants, so a new table is guarded without being listed.
 */
export const SMALL_TABLES: ReadonlyMap<string, string> = new Map([
  ['tenants', 'one row per manager: hundreds, not millions'],
  ['schema_migrations', 'one row per migration file'],
]);

/** Tables whose rows per tenant stay few: reading one tenant's rows whole is fine there. */
export const SMALL_PER_TENANT: ReadonlyMap<string, string> = new Map([
  ['reading_window_overrides', 'a few hand-made window extensions per tenant and year'],
  ['api_keys', "a manager's few API keys, listed whole in the console"],
  ['staff_accounts', "a manager's staff (a secretary, a customer department): a handful, listed whole for its admins"],
  ['oidc_providers', "a manager's few identity providers (its bank, eParaksts, Smart-ID), listed whole for the login buttons"],
  ['webhook_endpoints', "a manager's few webhook endpoints (at most 20, server/admin/webhooks/), each event looks at them all"],
]);

/** One node of `EXPLAIN (FORMAT JSON)`: the fields the rules read. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
  [field: string]: unknown;
}

export interface TableSizes {
  /** Tables that stay small as a whole (every tenant's rows together): never refused. */
  small: ReadonlyMap<string, string>;
  /** Tables whose rows per tenant stay few: read whole for one tenant is fine, a Seq Scan is not. */
  smallPerTenant: ReadonlyMap<string, string>;
  /** The table each index belongs to (a Bitmap Index Scan names only its index). */
  tableOfIndex: ReadonlyMap<string, string>;
}

/** The top-level AND clauses of a condition as Postgres prints it: `((a = 1) AND (b = 2))`. */
export function conditionClauses(condition: string): string[] {
  let text = condition.trim();
  while (text.startsWith('(') && closingParen(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  const clauses: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (depth === 0 && text.startsWith(' AND ', i)) {
      clauses.push(text.slice(start, i).trim());
      start = i + 5;
    }
  }
  clauses.push(text.slice(start).trim());
  return clauses.filter(Boolean);
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "'") quoted = !quoted;
    if (quoted) continue;
    if (text[i] === '(') depth += 1;
    if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * True when the condition narrows by something besides the tenant. Postgres prints the indexed
 * side of each index clause on the left (`(tenant_id = …)`, `(lower(email) = …)`), so a clause
 * counts when its left operand is anything other than a (qualified) `tenant_id`.
 */
export function narrowsBeyondTenant(condition: string | undefined): boolean {
  if (!condition) return false;
  return conditionClauses(condition).some((clause) => {
    const inner = clause.replace(/^\(+/, '');
    const left = inner.split(/\s(?:=|<>|<=|>=|<|>|~~\*?|!~~\*?|@>|<@|&&|IS)\s/)[0]!.trim();
    return !/^(?:[a-z_][a-z0-9_]*\.)?tenant_id\)*$/.test(left);
  });
}

/** Whether a bitmap subtree narrows beyond the tenant: AND needs one selective side, OR all. */
function bitmapNarrows(node: PlanNode): boolean {
  const children = node.Plans ?? [];
  switch (node['Node Type']) {
    case 'Bitmap Index Scan':
      return narrowsBeyondTenant(node['Index Cond']);
    case 'BitmapAnd':
      return children.some(bitmapNarrows);
    case 'BitmapOr':
      return children.length > 0 && children.every(bitmapNarrows);
    default:
      return false;
  }
}

/**
 * The reasons the plan reads a whole table or a whole tenant of a table that grows with tenants,
 * one line each; empty when every scan is an index lookup.
 */
export function planProblems(plan: PlanNode, sizes: TableSizes, options: { streamed?: boolean } = {}): string[] {
  const problems: string[] = [];
  const grows = (table: string | undefined) => !!table && !sizes.small.has(table);
  const growsPerTenant = (table: string | undefined) => grows(table) && !sizes.smallPerTenant.has(table!);

  const visit = (node: PlanNode, underLimit: boolean) => {
    const type = node['Node Type'];
    const table = node['Relation Name'] ?? (node['Index Name'] ? sizes.tableOfIndex.get(node['Index Name']) : undefined);
    const limited = underLimit || type === 'Limit';
    if (type === 'Seq Scan' && grows(table)) {
      problems.push(`Seq Scan on ${table}: no index serves this statement`);
    } else if ((type === 'Index Scan' || type === 'Index Only Scan') && growsPerTenant(table) && !limited && !narrowsBeyondTenant(node['Index Cond'])) {
      problems.push(
        node['Index Cond']
          ? `${type} on ${table} using ${node['Index Name']} reads the whole tenant: Index Cond ${node['Index Cond']}`
          : `${type} on ${table} using ${node['Index Name']} reads the whole index (no Index Cond)`,
      );
    } else if (type === 'Bitmap Heap Scan' && growsPerTenant(table) && !limited && !(node.Plans ?? []).some(bitmapNarrows)) {
      const conds = collectIndexConds(node).join(' | ');
      problems.push(`Bitmap Heap Scan on ${table} reads the whole tenant: Index Cond ${conds || '(none)'}`);
    }
    for (const child of node.Plans ?? []) visit(child, limited);
  };
  visit(plan, options.streamed ?? false);
  return problems;
}

function collectIndexConds(node: PlanNode): string[] {
  const own = node['Index Cond'] ? [`${node['Index Name']}: ${node['Index Cond']}`] : [];
  return [...own, ...(node.Plans ?? []).flatMap(collectIndexConds)];
}
