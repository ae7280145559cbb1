/**
 * @module
 * The `postgres` driver: a file's bytes are the `content` column of its own `stored_files` row.
 * The embedded default, because it needs nothing set up and one database backup holds every file.
 * Its `put` collects the (already size-limited) upload and hands the bytes back for the row's
 * insert, so the row and its bytes are written in one statement of the request's transaction.
 * A range is cut by Postgres (`substring`), so a resumed download reads only what it sends.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { ByteRange, FileStore, PutResult } from './file-store.ts';

export function postgresFileStore(): FileStore {
  return {
    driver: 'postgres',

    async put(_key, body): Promise<PutResult> {
      return { inline: await bytesOf(body) };
    },

    async get(trx: Tx, key: string, range?: ByteRange) {
      const row = await trx
        .selectFrom('stored_files')
        .select(range ? sql<Uint8Array | null>`substring(content from ${range.start + 1} for ${range.end - range.start + 1})`.as('content') : 'content')
        .where('object_key', '=', key)
        .executeTakeFirst();
      if (!row?.content) return undefined;
      const bytes = row.content;
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      });
    },

    async delete() {},

    async exists(trx, key) {
      const row = await trx.selectFrom('stored_files').select('id').where('object_key', '=', key).where('content', 'is not', null).executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** Every chunk of a stream, joined. */
export async function bytesOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
