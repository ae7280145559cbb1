/**
 * @module
 * Creating a PGlite database runs initdb, which takes seconds; loading a dump of one that already
 * has the schema takes a fraction of that. The dump is made once per schema version (by the
 * vitest global setup) and every test file starts from it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const CACHE_DIR = 'node_modules/.cache/doorstep';

export function templatePath(): string {
  const hash = createHash('sha256').update(readFileSync('schema.sql')).digest('hex').slice(0, 16);
  return `${CACHE_DIR}/pglite-schema-${hash}.tar.gz`;
}

export async function ensureTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const pg = new PGlite();
  await pg.exec(readFileSync('schema.sql', 'utf8'));
  const dump = await pg.dumpDataDir('gzip');
  await pg.close();
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, new Uint8Array(await dump.arrayBuffer()));
  renameSync(temporary, path);
  return path;
}

export function loadTemplate(): Blob | undefined {
  const path = templatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}
