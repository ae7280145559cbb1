/**
 * Migration 0082: files that the postgres store kept as one bytea in their row (the shape before)
 * move into chunks of 1 MiB, and read back whole and by range through the chunked store; the old
 * column is left empty and may not be filled again.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { migrate, readMigrations } from '../../server/db/migrator.ts';
import { fileStores } from '../../server/files/file-store.ts';
import { bytesOf, CHUNK_BYTES, postgresFileStore } from '../../server/files/postgres-file-store.ts';
import { openStoredFile } from '../../server/files/stored-files.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

const open: TestDatabase[] = [];
afterEach(async () => {
  for (const database of open.splice(0)) await database.dispose();
});

test('a file stored as one bytea before 0082 reads back whole and by range from its chunks after the upgrade', { timeout: 180_000 }, async () => {
  const database = await createTestDatabase({ empty: true });
  open.push(database);
  const all = await readMigrations();
  await migrate(
    database,
    all.filter((m) => m.name < '0082'),
  );
  const tenant = await database.db
    .insertInto('tenants')
    .values({ slug: 'ogre', name: 'Ogre', allowed_origins: [], reading_window: JSON.stringify({ kind: 'month_end', lastDays: 2, nextMonthDays: 1 }), settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Two full chunks and a bit: the boundaries are where a range read can go wrong.
  const bytes = new Uint8Array(randomBytes(2 * CHUNK_BYTES + 4321));
  const small = new Uint8Array(randomBytes(100));
  const ids = [crypto.randomUUID(), crypto.randomUUID()];
  for (const [i, content] of [bytes, small].entries()) {
    await database.db
      .insertInto('stored_files')
      .values({
        id: ids[i]!,
        tenant_id: tenant.id,
        file_name: `old-${i}.pdf`,
        content_type: 'application/pdf',
        size_bytes: content.byteLength,
        sha256: 'x'.repeat(64),
        storage: 'postgres',
        object_key: `${tenant.id}/${ids[i]}`,
        content,
      })
      .execute();
  }

  await migrate(database, all);

  const stores = fileStores(postgresFileStore(database));
  const whole = await database.withTenant(tenant.id, (trx) => openStoredFile(trx, stores, ids[0]!));
  expect(Buffer.from(await bytesOf(whole!.body)).equals(bytes)).toBe(true);
  const across = await database.withTenant(tenant.id, (trx) => openStoredFile(trx, stores, ids[0]!, `bytes=${CHUNK_BYTES - 10}-${2 * CHUNK_BYTES + 9}`));
  expect(Buffer.from(await bytesOf(across!.body)).equals(bytes.subarray(CHUNK_BYTES - 10, 2 * CHUNK_BYTES + 10))).toBe(true);
  const tail = await database.withTenant(tenant.id, (trx) => openStoredFile(trx, stores, ids[0]!, 'bytes=-7'));
  expect(Buffer.from(await bytesOf(tail!.body)).equals(bytes.subarray(bytes.byteLength - 7))).toBe(true);
  const little = await database.withTenant(tenant.id, (trx) => openStoredFile(trx, stores, ids[1]!));
  expect(Buffer.from(await bytesOf(little!.body)).equals(small)).toBe(true);

  const chunks = await database.db.selectFrom('stored_file_chunks').select(['object_key', 'start_byte']).orderBy('object_key').orderBy('start_byte').execute();
  expect(chunks.filter((c) => c.object_key.endsWith(ids[0]!)).map((c) => Number(c.start_byte))).toEqual([0, CHUNK_BYTES, 2 * CHUNK_BYTES]);
  const left = await database.db.selectFrom('stored_files').select('id').where('content', 'is not', null).execute();
  expect(left).toEqual([]);
  // Nothing may put bytes in the row again.
  await expect(database.db.updateTable('stored_files').set({ content: new Uint8Array([1]) }).where('id', '=', ids[1]!).execute()).rejects.toThrow();
});
