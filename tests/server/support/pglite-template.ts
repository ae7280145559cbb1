/**
 * @module
 * Creating a PGlite database runs initdb, which takes seconds; loading a dump of one that already
 * has every migration applied takes a fraction of that. The dump is made once per set of
 * migrations (by the vitest global setup) and every test file starts from it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../../server/db/database.ts';
import { migrate, migrationsFingerprint, readMigrations } from '../../../server/db/migrator.ts';

const CACHE_DIR = 'node_modules/.cache/doorstep';

export async function templatePath(): Promise<string> {
  const hash = createHash('sha256').update(migrationsFingerprint(await readMigrations())).digest('hex').slice(0, 16);
  return `${CACHE_DIR}/pglite-schema-${hash}.tar.gz`;
}

export async function ensureTemplate(): Promise<string> {
  const path = await templatePath();
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const pg = new PGlite();
  const database = await openDatabase({ pglite: pg });
  await migrate(database);
  const dump = await pg.dumpDataDir('gzip');
  await pg.close();
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, new Uint8Array(await dump.arrayBuffer()));
  renameSync(temporary, path);
  return path;
}

export async function loadTemplate(): Promise<Blob | undefined> {
  const path = await templatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}
