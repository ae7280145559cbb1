/**
 * @module
 * The database the plan guard reads plans in (plan-guard.ts): the real schema, with tables that
 * look big to the planner. Plans are cost-based, and on empty tables every plan is cheap, so
 * Postgres happily joins a tenant's whole (empty) premises instead of looking one up by its key,
 * and the guard would cry wolf. Here every table that grows with tenants holds ROWS rows shared by
 * two tenants, analyzed, so "one tenant" means half the table and a lookup by key means one row,
 * as at a country's scale.
 *
 * The rows are made up column by column from the column's type, so a table added later is filled
 * with no one remembering to. To make that possible the guard's own copy drops its CHECK and
 * foreign-key constraints (EXPLAIN does not depend on them, and nothing else uses this database);
 * unique indexes stay, and every made-up value is distinct.
 */
import pg from 'pg';

/** The tenant the plans are read as: half of every table. */
export const GUARD_TENANT = '00000000-0000-4000-8000-00000000000a';
const OTHER_TENANT = '00000000-0000-4000-8000-00000000000b';
const ROWS = 4_000;

/** Fills the freshly migrated database at `url`; `small` tables are left as they are. */
export async function fillPlanGuardDatabase(url: string, small: Iterable<string>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const choices = await enumChoices(client);
    await client.query(`
      do $$
      declare c record;
      begin
        for c in select con.conname, cls.relname from pg_constraint con
          join pg_class cls on cls.oid = con.conrelid join pg_namespace n on n.oid = cls.relnamespace
          where n.nspname = 'public' and con.contype in ('c', 'f')
        loop
          execute format('alter table %I drop constraint %I', c.relname, c.conname);
        end loop;
      end $$`);
    await client.query('set synchronous_commit = off');
    await client.query(`insert into tenants (id, slug, name) values ($1, 'plan-guard-a', 'A'), ($2, 'plan-guard-b', 'B')`, [GUARD_TENANT, OTHER_TENANT]);
    const { rows: tables } = await client.query<{ table: string }>(`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and not (c.relname = any($1)) order by 1`, [[...small]]);
    for (const { table } of tables) {
      await fillTable(client, table, choices).catch((error: Error) => {
        throw new Error(`plan guard: could not fill ${table} with made-up rows (${error.message}); teach valueOf in plan-guard-database.ts the column's type`);
      });
    }
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

/**
 * The values a column may take when a CHECK lists them (`status IN ('pending', 'sent', 'failed')`),
 * by `table.column`: such a column gets those values in turn, as few and as repeated as in life,
 * so `status = 'pending'` and a partial index on it are a share of the table, not none of it.
 */
async function enumChoices(client: pg.Client): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table: string; def: string }>(`
    select cls.relname as table, pg_get_constraintdef(con.oid) as def from pg_constraint con
    join pg_class cls on cls.oid = con.conrelid join pg_namespace n on n.oid = cls.relnamespace
    where n.nspname = 'public' and con.contype = 'c'`);
  const choices = new Map<string, string[]>();
  for (const { table, def } of rows) {
    const match = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$/.exec(def);
    if (match) choices.set(`${table}.${match[1]}`, [...match[2]!.matchAll(/'([^']*)'::text/g)].map((m) => m[1]!));
  }
  return choices;
}

async function fillTable(client: pg.Client, table: string, choices: Map<string, string[]>): Promise<void> {
  const { rows: all } = await client.query<{ name: string; type: string; udt: string; nullable: boolean; defaulted: boolean }>(
    `select column_name as name, data_type as type, udt_name as udt, is_nullable = 'YES' as nullable,
       column_default is not null as defaulted from information_schema.columns
     where table_schema = 'public' and table_name = $1 and is_identity = 'NO' and is_generated = 'NEVER'
     order by ordinal_position`,
    [table],
  );
  // A nullable column is null in a quarter of the rows, so partial indexes (`where revoked_at is
  // null`) hold a share of the table as they would in life, not none or all of it.
  // A column of a type made up nowhere here keeps its default (a transaction id, say) or is null.
  const columns = all.filter((column) => choices.has(`${table}.${column.name}`) || valueOf(column) !== undefined || !column.defaulted);
  const values = columns.map((column) => {
    const listed = choices.get(`${table}.${column.name}`);
    const value = listed?.length ? `(array[${listed.map((v) => pg.escapeLiteral(v)).join(', ')}])[1 + g % ${listed.length}]` : (valueOf(column) ?? 'null');
    return column.nullable ? `case when g % 4 = 0 then null else ${value} end` : value;
  });
  const names = columns.map((c) => pg.escapeIdentifier(c.name)).join(', ');
  await client.query(`insert into ${pg.escapeIdentifier(table)} (${names}) select ${values.join(', ')} from generate_series(1, ${ROWS}) g`);
}

/** A distinct value of the column's type for row g (the tenant: two of them, alternating). */
function valueOf({ name, type, udt }: { name: string; type: string; udt: string }): string | undefined {
  if (name === 'tenant_id') return `case when g % 2 = 0 then '${GUARD_TENANT}'::uuid else '${OTHER_TENANT}'::uuid end`;
  switch (type) {
    case 'uuid':
      return 'gen_random_uuid()';
    case 'text':
    case 'character varying':
      return `'plan-guard-' || g`;
    case 'ARRAY':
      return udt === '_uuid' ? 'array[gen_random_uuid()]' : `array['plan-guard-' || g]`;
    case 'smallint':
      return 'g % 30000';
    case 'integer':
    case 'bigint':
      return 'g';
    case 'numeric':
      return '(g % 1000)::numeric';
    case 'boolean':
      return 'g % 2 = 0';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return `now() - g * interval '1 minute'`;
    case 'date':
      return `current_date - g`;
    case 'jsonb':
    case 'json':
      // Typed: a nullable column's CASE would otherwise make it text.
      return `'{}'::${type}`;
    case 'bytea':
      return `'\\x00'::bytea`;
    default:
      return undefined;
  }
}
