// Preloaded into the server by bench/peak.bench.mjs (`node --import`): records each distinct SQL
// statement the server sends, with one set of its values and the tenant scope it ran in, as JSON
// lines in PEAK_CAPTURE_FILE, so that the bench can EXPLAIN (ANALYZE) them as the request ran them.
// Bench only: nothing in the server knows about it.
import { appendFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.PEAK_CAPTURE_FILE;
const seen = new Set();
const tenantOf = new WeakMap();
const proto = pg.Client.prototype;
const original = proto.query;
proto.query = function (first, second, ...rest) {
  try {
    const config = typeof first === 'string' ? { text: first, values: second } : first;
    const text = config?.text;
    if (file && typeof text === 'string') {
      const values = Array.isArray(config.values) ? config.values : [];
      const lower = text.trim().toLowerCase();
      const scoped = /set_config\('app\.tenant_id', '([0-9a-f-]{36})', true\)/.exec(lower);
      // A tenant transaction opens with one script: BEGIN and the scope, the tenant a literal (server/db/database.ts).
      if (/^(begin|start transaction)\b/.test(lower) && scoped) tenantOf.set(this, scoped[1]);
      else if (/^select set_config\('role', 'doorstep_app', true\)/.test(lower)) tenantOf.set(this, String(values[0]));
      else if (/^(commit|rollback)\b/.test(lower)) tenantOf.delete(this);
      else if (!/^(begin|start transaction|set|savepoint|release)\b/.test(lower) && !seen.has(text)) {
        seen.add(text);
        appendFileSync(file, `${JSON.stringify({ text, values, tenantId: tenantOf.get(this) ?? null })}\n`);
      }
    }
  } catch {
    // Capturing must never break the statement.
  }
  return original.call(this, first, second, ...rest);
};
