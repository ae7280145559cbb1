/**
 * @module
 * The one way to store and to open a file. Storing streams the bytes to the configured store
 * (file-store.ts), counting and hashing them on the way, and refuses past the size limit while
 * streaming (413 `file_too_large`), whatever size the sender announced; only then is the metadata
 * row written, in the caller's transaction. So a row never points at an object that was not
 * written; the opposite (an object whose row did not commit: a crash, a rollback) is cleaned up
 * by the request itself where it can be (FileChanges) and otherwise by the orphan sweep
 * (sweep.ts) after a grace period.
 */
import { createHash } from 'node:crypto';
import type { DatabaseHandle, Tx } from '../db/database.ts';
import type { FileDriver } from '../db/types.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../http/logger.ts';
import { newObjectKey, type ByteRange, type FileStores } from './file-store.ts';
import { deleteFileRows, findFileRow, insertFileRow, type FileRow, type FileSummary } from './stored-files.repository.ts';
import { bytesOf } from './postgres-file-store.ts';
import type { StagedObject } from './streamed-form.ts';
import { DEFAULT_MAX_UPLOAD_BYTES } from './upload-policy.ts';

export const fileTooLarge = (maxBytes: number) =>
  new ApiError(413, 'file_too_large', `The file is too large; at most ${Math.floor(maxBytes / 1024 / 1024)} MB.`, { file: 'file_too_large', maxBytes });

/** A file whose name and type were already decided (upload-policy.ts), with its bytes to come. */
export interface FileToStore {
  fileName: string;
  contentType: string;
  /** The bytes: at hand (a generated PDF), or an upload already streamed to the store (streamed-form.ts). */
  body: Uint8Array | StagedObject;
  /** Refused past this many bytes, counted while streaming. */
  maxBytes?: number;
  /** 'user:<id>', 'api_key:<id>', 'staff:<id>'; none for files the system makes. */
  uploadedBy?: string | null;
  now?: Date;
}

/**
 * The files one change writes and drops. Objects written by a change that then fails are deleted
 * (the row rolled back with it); objects of dropped rows are deleted only once the change has
 * committed, so a rollback never leaves a row without its object. Run the change in
 * `withFileChanges`.
 */
export interface FileChanges {
  readonly stores: FileStores;
  readonly written: Array<{ storage: FileDriver; key: string }>;
  readonly dropped: Array<{ storage: FileDriver; key: string }>;
}

export async function withFileChanges<T>(stores: FileStores, change: (files: FileChanges) => Promise<T>, onCleanupError?: (error: unknown) => void): Promise<T> {
  const files: FileChanges = { stores, written: [], dropped: [] };
  let result: T;
  try {
    result = await change(files);
  } catch (error) {
    await deleteObjects(stores, files.written, onCleanupError);
    throw error;
  }
  await deleteObjects(stores, files.dropped, onCleanupError);
  return result;
}

/** withFileChanges with the app's stores, a failed cleanup logged (the sweep finishes it). */
export function changingFiles<T>(deps: { files: FileStores; logger: Logger }, change: (files: FileChanges) => Promise<T>): Promise<T> {
  return withFileChanges(deps.files, change, (error) =>
    deps.logger.warn('an object could not be deleted from the file store; the orphan sweep removes it later', { error: String(error) }),
  );
}

/** Best effort: what fails here is an orphan, which the sweep removes later. */
async function deleteObjects(stores: FileStores, objects: ReadonlyArray<{ storage: FileDriver; key: string }>, onError?: (error: unknown) => void) {
  for (const object of objects) {
    try {
      await stores.of(object.storage).delete(object.key);
    } catch (error) {
      onError?.(error);
    }
  }
}

/** A size limit and a SHA-256 over a stream, both counted as the bytes pass. */
export function measuredStream(source: ReadableStream<Uint8Array>, maxBytes: number, refuse = () => fileTooLarge(maxBytes)) {
  const hash = createHash('sha256');
  const measured = { sizeBytes: 0, sha256: '' };
  const stream = source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        measured.sizeBytes += chunk.byteLength;
        if (measured.sizeBytes > maxBytes) throw refuse();
        hash.update(chunk);
        controller.enqueue(chunk);
      },
      flush() {
        measured.sha256 = hash.digest('hex');
      },
    }),
  );
  return { stream, measured };
}

export async function storeFile(trx: Tx, files: FileChanges, tenantId: string, file: FileToStore): Promise<FileSummary & { sha256: string }> {
  const id = file.body instanceof Uint8Array ? crypto.randomUUID() : file.body.id;
  const object = file.body instanceof Uint8Array ? await putBytes(trx, files, tenantId, id, file, file.body) : claim(files, tenantId, file.body, file.maxBytes);
  await insertFileRow(trx, {
    id,
    tenantId,
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: object.sizeBytes,
    sha256: object.sha256,
    storage: object.storage,
    objectKey: object.key,
    uploadedBy: file.uploadedBy ?? null,
    ...(file.now ? { createdAt: file.now } : {}),
  });
  return { id, fileName: file.fileName, contentType: file.contentType, sizeBytes: object.sizeBytes, sha256: object.sha256 };
}

/** Bytes at hand go to the store now (the postgres store writes them in the caller's transaction). */
async function putBytes(trx: Tx, files: FileChanges, tenantId: string, id: string, file: FileToStore, bytes: Uint8Array) {
  const key = newObjectKey(tenantId, id);
  const store = files.stores.write;
  const { stream, measured } = measuredStream(bytesStream(bytes), file.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  await store.put(key, stream, { contentType: file.contentType, trx });
  files.written.push({ storage: store.driver, key });
  return { storage: store.driver, key, ...measured };
}

/** An upload already in the store becomes this change's: deleted again if the change fails. */
function claim(files: FileChanges, tenantId: string, staged: StagedObject, maxBytes = DEFAULT_MAX_UPLOAD_BYTES) {
  if (staged.tenantId !== tenantId || staged.claimed) throw new Error('a staged upload is stored once, for its own tenant');
  if (staged.sizeBytes > maxBytes) throw fileTooLarge(maxBytes);
  staged.claimed = true;
  files.written.push({ storage: staged.storage, key: staged.key });
  return staged;
}

/** Deletes the files' rows now and their objects once the change commits. */
export async function deleteStoredFiles(trx: Tx, files: FileChanges, fileIds: readonly string[]): Promise<void> {
  files.dropped.push(...(await deleteFileRows(trx, fileIds)));
}

export interface OpenedFile {
  file: FileRow;
  body: ReadableStream<Uint8Array>;
  /** The part sent, when the request asked for one (206). */
  range?: ByteRange;
}

/**
 * Opens a file for download: its row (under row-level security, so another tenant's id is not
 * there) and a stream of its bytes, or of the requested range. Undefined when there is no such
 * file. A row whose object is missing answers as missing too (and is what the sweep reports).
 */
export async function openStoredFile(trx: Tx, stores: FileStores, fileId: string, rangeHeader?: string): Promise<OpenedFile | undefined> {
  const file = await findFileRow(trx, fileId);
  if (!file) return undefined;
  const range = requestedRange(rangeHeader, file.sizeBytes);
  if (range === 'unsatisfiable') {
    throw new ApiError(416, 'range_not_satisfiable', 'The requested range is outside the file.', undefined, { 'Content-Range': `bytes */${file.sizeBytes}` });
  }
  const body = await stores.of(file.storage).get(trx, file.objectKey, range);
  if (!body) return undefined;
  return { file, body, ...(range ? { range } : {}) };
}

/**
 * A whole file in memory, for the one place that needs it so: a mail attachment (nodemailer
 * builds the message whole). Read in the system scope (the outbox worker sends every tenant's
 * mail); at most `maxBytes`.
 */
export async function readWholeStoredFile(database: DatabaseHandle, stores: FileStores, fileId: string, maxBytes = DEFAULT_MAX_UPLOAD_BYTES) {
  const found = await database.withSystem(async (trx) => {
    const file = await findFileRow(trx, fileId);
    if (!file || file.sizeBytes > maxBytes) return undefined;
    const body = await stores.of(file.storage).get(trx, file.objectKey);
    return body && { file, body };
  });
  // Read after the transaction: the rest of the file comes in transactions of the store's own.
  return found && { fileName: found.file.fileName, contentType: found.file.contentType, bytes: await bytesOf(found.body) };
}

/**
 * One `bytes=` range of RFC 9110 (`a-b`, `a-`, `-n`), clipped to the file. Anything else (several
 * ranges, other units, nonsense) is ignored and the whole file is sent, as the RFC allows.
 */
export function requestedRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
