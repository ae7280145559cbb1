/**
 * @module
 * Reading a multipart/form-data upload as it arrives, so a 20 MB PDF never sits whole in memory.
 * `busboy` (the maintained streaming parser; Hono's own `parseBody` reads the whole body first)
 * splits the body into parts. A part of one of the route's file fields is decided by the upload
 * policy on its first bytes (magic bytes and extension) and then streamed straight to the file
 * store, counted and hashed on the way, and refused past its size limit while it streams; what
 * was written of it is then deleted. Text fields (and the JSON part of the manager's forms, even
 * when sent as a file) are small and kept in memory up to a limit.
 *
 * The result is an ordinary FormData for the route's validator, whose file fields hold a
 * `StagedUpload`: a File with no bytes of its own that names the stored object. The object is
 * written before the request's transaction, as for every file (stored-files.ts): the handler's
 * `storeFile` writes its row and claims it; the upload middleware deletes every object that no
 * handler claimed (a refusal, a validation error, a missing right).
 */
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { ApiError, validationFailed } from '../errors.ts';
import type { FileDriver } from '../db/types.ts';
import { newObjectKey, type FileStores } from './file-store.ts';
import { fileTooLarge, measuredStream } from './stored-files.ts';
import { ALLOWED_EXTENSIONS, checkUpload, type UploadRefusal } from './upload-policy.ts';

/** What an upload route accepts. */
export interface UploadLimits {
  /** The fields whose parts are files to store, each with how many files it may carry. */
  fileFields: Readonly<Record<string, number>>;
  /** The most one file may have. */
  maxFileBytes: number;
  /** The most all files of the form together may have (default: maxFileBytes). */
  maxTotalBytes?: number;
}

/** A file of the form, already in the store; the row is the handler's to write (storeFile). */
export interface StagedObject {
  /** The id its row will have (the key's second half, as for every file). */
  id: string;
  storage: FileDriver;
  key: string;
  tenantId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Set once a row was written for it: from then on it is the change's to keep or delete. */
  claimed: boolean;
}

/**
 * A stored file in the route's form. Its bytes are in the store, not here: `size` says how many
 * there are, reading it gives nothing.
 */
export class StagedUpload extends File {
  constructor(readonly staged: StagedObject) {
    super([], staged.fileName, { type: staged.contentType });
    Object.defineProperty(this, 'size', { value: staged.sizeBytes });
  }
}

/** A text field or JSON part is a handful of fields and lines, never megabytes. */
export const MAX_FIELD_BYTES = 512 * 1024;
/** Room for the text fields and part headers around the files. */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;
const MAX_TEXT_PARTS = 50;

export const invalidForm = (message = 'The form data could not be read.') => new ApiError(400, 'invalid_form', message);

export const UPLOAD_REFUSALS: Record<UploadRefusal, (maxBytes: number) => ApiError> = {
  file_too_large: fileTooLarge,
  file_empty: () => new ApiError(422, 'file_empty', 'The file is empty.', { file: 'file_empty' }),
  file_type_not_allowed: () =>
    new ApiError(422, 'file_type_not_allowed', `This type of file is not accepted. Allowed: ${ALLOWED_EXTENSIONS.join(', ')}.`, {
      file: 'file_type_not_allowed',
      allowed: ALLOWED_EXTENSIONS,
    }),
};

/**
 * Reads the request's multipart body, streaming its files to `stores.write` under `tenantId`.
 * Throws 400 `invalid_form` for a body that is not a well-formed form, 413 `file_too_large` past
 * a limit, 422 for a file the policy refuses, 400 `validation_failed` for too many files or an
 * oversized text field; whatever it stored before a refusal is deleted again.
 */
export async function readStreamedForm(
  request: Request,
  target: { stores: FileStores; tenantId: string },
  limits: UploadLimits,
): Promise<{ form: FormData; staged: StagedObject[] }> {
  const maxTotal = limits.maxTotalBytes ?? limits.maxFileBytes;
  const maxBody = maxTotal + FORM_OVERHEAD_BYTES;
  const announced = Number(request.headers.get('content-length') ?? Number.NaN);
  if (announced > maxBody) throw fileTooLarge(maxTotal);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      defParamCharset: 'utf8',
      limits: {
        fieldSize: MAX_FIELD_BYTES,
        fields: MAX_TEXT_PARTS,
        // The route's files, and a few text parts sent as files (a JSON part from `curl -F x=@f`).
        files: Object.values(limits.fileFields).reduce((a, b) => a + b, 0) + 4,
        parts: MAX_TEXT_PARTS + 20,
        headerPairs: 20,
      },
    });
  } catch {
    throw invalidForm('The body is not multipart/form-data with a boundary.');
  }

  const form = new FormData();
  const staged: StagedObject[] = [];
  const pending: Array<Promise<void>> = [];
  const fileStreams = new Set<Readable>();
  const perField = new Map<string, number>();
  let filesBytes = 0;
  let failure: unknown;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let aborted!: (error: unknown) => void;
  const abortion = new Promise<never>((_, reject) => (aborted = reject));
  abortion.catch(() => {});

  /** The first failure wins; it stops the parser and every file still streaming. */
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    for (const stream of fileStreams) stream.destroy(error instanceof Error ? error : new Error(String(error)));
    parser.destroy();
    aborted(error);
  };

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated || info.nameTruncated) return fail(validationFailed({ [name]: 'too_long' }));
    form.append(name, value);
  });

  parser.on('file', (name, stream, info) => {
    // Its errors reach us through its reader, or do not matter once the form has failed.
    stream.on('error', () => {});
    fileStreams.add(stream);
    const work = limits.fileFields[name] === undefined ? keepTextPart(name, stream, info) : stageFile(name, stream, info.filename ?? '');
    pending.push(
      work.then(
        () => void fileStreams.delete(stream),
        (error: unknown) => {
          fileStreams.delete(stream);
          fail(error);
        },
      ),
    );
  });

  parser.on('error', () => fail(invalidForm()));
  parser.on('filesLimit', () => fail(validationFailed({ _: 'too_many_files' })));
  parser.on('fieldsLimit', () => fail(invalidForm('The form has too many fields.')));
  parser.on('partsLimit', () => fail(invalidForm('The form has too many parts.')));
  parser.on('close', () => finished());

  /** A part with a file name outside the file fields: text (a JSON part), kept if small. */
  async function keepTextPart(name: string, stream: Readable, info: busboy.FileInfo) {
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const piece of stream as AsyncIterable<Buffer>) {
      size += piece.byteLength;
      if (size > MAX_FIELD_BYTES) throw validationFailed({ [name]: 'too_long' });
      pieces.push(piece);
    }
    form.append(name, new File([new Uint8Array(Buffer.concat(pieces))], info.filename ?? 'part', { type: info.mimeType }));
  }

  /** A file part: decided on its first bytes, then streamed to the store within the limits. */
  async function stageFile(name: string, stream: Readable, fileName: string) {
    const count = (perField.get(name) ?? 0) + 1;
    perField.set(name, count);
    if (count > limits.fileFields[name]!) throw validationFailed({ [name]: 'too_many_files' });
    const pieces = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes < 16) {
      const next = await pieces.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.byteLength;
    }
    // A browser sends an empty, nameless part when its file picker was left empty: no file.
    if (headBytes === 0 && fileName === '') return;
    const first = new Uint8Array(Buffer.concat(head));
    const decision = checkUpload({ fileName: fileName || 'file', size: first.byteLength, head: first.subarray(0, 16), maxBytes: limits.maxFileBytes });
    if (!decision.ok) throw UPLOAD_REFUSALS[decision.code](limits.maxFileBytes);

    const allowed = Math.min(limits.maxFileBytes, maxTotal - filesBytes);
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of head) controller.enqueue(new Uint8Array(piece));
        if (ended) controller.close();
      },
      async pull(controller) {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      cancel: () => void stream.destroy(),
    });
    const { stream: measured, measured: result } = measuredStream(source, allowed, () =>
      fileTooLarge(allowed === limits.maxFileBytes ? limits.maxFileBytes : maxTotal),
    );
    const store = target.stores.write;
    const id = crypto.randomUUID();
    const key = newObjectKey(target.tenantId, id);
    await store.put(key, measured, { contentType: decision.contentType });
    filesBytes += result.sizeBytes;
    const object: StagedObject = {
      id,
      storage: store.driver,
      key,
      tenantId: target.tenantId,
      fileName: decision.fileName,
      contentType: decision.contentType,
      sizeBytes: result.sizeBytes,
      sha256: result.sha256,
      claimed: false,
    };
    staged.push(object);
    form.append(name, new StagedUpload(object));
  }

  try {
    const feeding = feed(request, parser, maxBody, maxTotal, abortion);
    feeding.catch(() => {}); // its failure is also the abortion's, handled below
    await Promise.race([feeding, abortion]);
    await Promise.race([done, abortion]);
    await Promise.all(pending);
    if (failure !== undefined) throw failure;
  } catch (error) {
    fail(error);
    await Promise.allSettled(pending);
    await deleteStaged(target.stores, staged);
    throw failure;
  }
  return { form, staged };
}

/** Writes the request body into the parser as the parser takes it, counting its bytes. */
async function feed(request: Request, parser: busboy.Busboy, maxBody: number, maxTotal: number, abortion: Promise<never>) {
  if (!request.body) throw invalidForm('The form is empty.');
  const reader = request.body.getReader();
  let received = 0;
  try {
    for (;;) {
      const read = reader.read().catch(() => {
        throw invalidForm('The upload was cut off before the form ended.');
      });
      const { done, value } = await Promise.race([read, abortion]);
      if (done) break;
      received += value.byteLength;
      if (received > maxBody) throw fileTooLarge(maxTotal);
      if (!parser.write(value)) await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), abortion]);
    }
    parser.end();
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
}

/** Deletes objects that no row claimed. Best effort: what is left is an orphan the sweep removes. */
export async function deleteStaged(stores: FileStores, staged: readonly StagedObject[]): Promise<void> {
  for (const object of staged) {
    if (object.claimed) continue;
    await stores
      .of(object.storage)
      .delete(object.key)
      .catch(() => {});
  }
}
