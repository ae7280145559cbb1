/**
 * @module
 * "Nothing was written": a digest of every row of every table, taken before and after a request
 * that must change nothing. One statement per snapshot (an md5 of each table's rows in a fixed
 * order), so the fuzz can afford one around every forbidden call.
 *
 * Not compared, because a refused request may legitimately touch them: the counters of failed
 * logins and rate limits, the audit log (a refused attempt may be recorded), and the "last used"
 * stamps of sessions and API keys (a valid token that reaches nothing is still a use).
 */
import { sql } from 'kysely';
import type { TestDatabase } from '../../server/support/database.ts';

const BOOKKEEPING = new Set(['login_attempts', 'rate_limits', 'audit_log', 'schema_migrations']);
const VOLATILE_COLUMNS = ['last_used_at', 'expires_at'];
const VOLATILE_IN: Record<string, readonly string[]> = { sessions: VOLATILE_COLUMNS, api_keys: ['last_used_at'] };

let statement: string | undefined;

async function snapshotStatement(database: TestDatabase): Promise<string> {
  if (statement) return statement;
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(database.db);
  const parts = tables.rows
    .map((t) => t.name)
    .filter((name) => !BOOKKEEPING.has(name))
    .map((name) => {
      const drop = VOLATILE_IN[name] ?? [];
      const row = drop.length ? `(to_jsonb(x) - array[${drop.map((c) => `'${c}'`).join(',')}]::text[])::text` : 'to_jsonb(x)::text';
      return `select '${name}' as name, count(*)::int as n, md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as digest from "${name}" x`;
    });
  statement = parts.join('\nunion all\n');
  return statement;
}

export type RowsDigest = Record<string, string>;

export async function rowsDigest(database: TestDatabase): Promise<RowsDigest> {
  const result = await sql<{ name: string; n: number; digest: string }>`${sql.raw(await snapshotStatement(database))}`.execute(database.db);
  return Object.fromEntries(result.rows.map((r) => [r.name, `${r.n}:${r.digest}`]));
}

/** The tables whose rows differ. */
export function changedTables(before: RowsDigest, after: RowsDigest): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
