/**
 * @module
 * Where the bytes of a stored file live. Two drivers behind one interface, chosen by
 * configuration (`DOORSTEP_FILES`): `postgres` keeps them in the `stored_files` row (the embedded
 * default: nothing to set up, one backup holds everything) and `s3` in any S3-compatible bucket
 * (AWS S3, MinIO, R2, Hetzner), which is what a deployment past one manager needs: PDFs do not
 * belong in the primary database, its WAL, every replica and every backup.
 *
 * The metadata (name, type, size, sha256, tenant, uploader) stays in Postgres with either driver
 * (stored-files.repository.ts). An object is addressed by its key, `<tenant id>/<random id>`,
 * never by anything a user typed. The store decides nothing about rights: a caller reaches a key
 * only through a row that row-level security let it read.
 */
import type { Db, Tx } from '../db/database.ts';
import type { FileDriver } from '../db/types.ts';
import { ApiError } from '../errors.ts';

export type { FileDriver };

/** Bytes `start`..`end`, both included (as in HTTP's Range). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutInfo {
  contentType: string;
  /**
   * The caller's transaction, when it has one: the postgres driver writes the bytes in it, so they
   * commit or roll back with the file's row. The bucket cannot join a transaction and ignores it.
   */
  trx?: Tx;
}

export interface FileStore {
  readonly driver: FileDriver;
  /** Writes `body` under `key`. Resolves once it is stored; an error of `body` aborts it and leaves nothing. */
  put(key: string, body: ReadableStream<Uint8Array>, info: PutInfo): Promise<void>;
  /**
   * The object's bytes (or the range of them) as a stream; undefined when there is no such object.
   * `db` is the caller's transaction (or connection), for the lookup; the stream may be read after
   * that transaction has ended.
   */
  get(db: Db, key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | undefined>;
  /** Removes the object; removing one that is not there is fine. Outside any transaction. */
  delete(key: string): Promise<void>;
  exists(db: Db, key: string): Promise<boolean>;
}

/** The stores of a deployment: the one new files go to, and each driver by name for reading what is there. */
export interface FileStores {
  /** Where new files are written (DOORSTEP_FILES). */
  readonly write: FileStore;
  /** The store that holds files of `driver`; 503 `file_store_unavailable` when it is not configured. */
  of(driver: FileDriver): FileStore;
  /** True when `driver`'s store is configured. */
  has(driver: FileDriver): boolean;
}

export function fileStores(write: FileStore, others: readonly FileStore[] = []): FileStores {
  const byDriver = new Map<FileDriver, FileStore>([...others, write].map((store) => [store.driver, store]));
  return {
    write,
    of(driver) {
      const store = byDriver.get(driver);
      if (!store) throw fileStoreUnavailable(`Files of the '${driver}' store cannot be read: that store is not configured.`);
      return store;
    },
    has: (driver) => byDriver.has(driver),
  };
}

/** The object store did not answer (down, unreachable, refused our credentials): never a 500. */
export const fileStoreUnavailable = (message = 'Files cannot be stored or read right now; try again in a few minutes.') =>
  new ApiError(503, 'file_store_unavailable', message);

/**
 * `<tenant id>/<file id>` (both random UUIDs): the tenant for the operator's eye and per-tenant
 * listing, never the file name, and nothing a caller can steer (`../` cannot occur).
 */
export function newObjectKey(tenantId: string, fileId: string): string {
  return `${tenantId}/${fileId}`;
}

/** The tenant an object key belongs to (its first segment). */
export function tenantOfObjectKey(key: string): string {
  const tenantId = key.slice(0, key.indexOf('/'));
  if (!/^[0-9a-f-]{36}$/.test(tenantId)) throw new Error(`not an object key: ${key}`);
  return tenantId;
}
