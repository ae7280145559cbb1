/**
 * @module
 * The file stores of a running Doorstep, from its configuration: new files go to DOORSTEP_FILES;
 * both drivers stay readable when the bucket is configured, so a deployment half-way through
 * `doorstep files migrate` serves every file from wherever its row says it is.
 */
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { fileStores, type FileStores } from './file-store.ts';
import { postgresFileStore } from './postgres-file-store.ts';
import { s3FileStore } from './s3-file-store.ts';

export function configuredFileStores(config: Pick<Config, 'files' | 's3'>, database: DatabaseHandle): { stores: FileStores; close(): void } {
  const postgres = postgresFileStore(database);
  const s3 = config.s3 ? s3FileStore(config.s3) : undefined;
  const write = config.files === 's3' && s3 ? s3 : postgres;
  return { stores: fileStores(write, s3 ? [postgres, s3] : [postgres]), close: () => s3?.close() };
}
