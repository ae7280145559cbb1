/**
 * @module
 * Accepting multipart/form-data uploads on a route. The app's 64 KiB JSON limit skips multipart
 * bodies, so every upload route must bring its own limit. `uploadMiddleware()` refuses anonymous
 * callers and bodies that are not multipart (415) before a byte of the body is read, caps the body
 * (413 `file_too_large`), and parses the form once (400 `invalid_form` when it is not one), so the
 * route's zod validator reads the parsed form from Hono's body cache.
 * `readUpload()` then decides the file itself with the upload policy.
 */
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, unauthorized } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import { fileTooLarge, type FileToStore } from './stored-files.ts';
import { ALLOWED_EXTENSIONS, checkUpload, DEFAULT_MAX_UPLOAD_BYTES, type UploadRefusal } from './upload-policy.ts';

/** Room for the text fields and multipart boundaries around the file. */
const FORM_OVERHEAD_BYTES = 128 * 1024;

const tooLarge = fileTooLarge;

const REFUSALS: Record<UploadRefusal, (maxBytes: number) => ApiError> = {
  file_too_large: tooLarge,
  file_empty: () => new ApiError(422, 'file_empty', 'The file is empty.', { file: 'file_empty' }),
  file_type_not_allowed: () =>
    new ApiError(422, 'file_type_not_allowed', `This type of file is not accepted. Allowed: ${ALLOWED_EXTENSIONS.join(', ')}.`, {
      file: 'file_type_not_allowed',
      allowed: ALLOWED_EXTENSIONS,
    }),
};

const isMultipart = (contentType: string | undefined) => (contentType ?? '').toLowerCase().startsWith('multipart/form-data');

/** A resident's upload: a logged-in caller and one file of at most `maxFileBytes`. */
export function uploadMiddleware(maxFileBytes = DEFAULT_MAX_UPLOAD_BYTES): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      if (!c.var.claims) throw unauthorized();
      await next();
    },
    ...multipartForm(maxFileBytes),
  ];
}

/**
 * The multipart body of an upload route whose caller was already checked (the admin routes check
 * their key before this runs): 415 when the body is not multipart, 413 `file_too_large` past
 * `maxBodyBytes` of files (plus room for the text fields), 400 `invalid_form` when it is no form.
 */
export function multipartForm(maxBodyBytes = DEFAULT_MAX_UPLOAD_BYTES): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      if (!isMultipart(c.req.header('content-type'))) throw new ApiError(415, 'unsupported_media_type', 'Send the form as multipart/form-data.');
      await next();
    },
    bodyLimit({
      maxSize: maxBodyBytes + FORM_OVERHEAD_BYTES,
      onError: () => {
        throw tooLarge(maxBodyBytes);
      },
    }),
    async (c, next) => {
      try {
        await c.req.formData();
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError(400, 'invalid_form', 'The form data could not be read.');
      }
      await next();
    },
  ];
}

/**
 * The optional file field of an upload form. A browser sends an empty part (no name, no bytes)
 * when the picker was left empty, which some parsers read as an empty string; both count as no
 * file.
 */
const noFileChosen = (value: unknown) => value === '' || (value instanceof File && value.size === 0 && value.name === '');

export const OptionalFileField = z
  .preprocess((value) => (noFileChosen(value) ? undefined : value), z.custom<File>((v) => v instanceof File, { message: 'expected_file' }).optional())
  .openapi({ type: 'string', format: 'binary', description: `At most 10 MB; ${ALLOWED_EXTENSIONS.join(', ')}` });

/** An upload whose name and type were decided; its bytes are streamed to the store (stored-files.ts). */
export interface AcceptedUpload extends FileToStore {
  body: () => ReadableStream<Uint8Array>;
  maxBytes: number;
}

/**
 * Decides an uploaded file on its first bytes (the magic-bytes rule) without reading the rest;
 * throws the refusal as an ApiError. The size limit is checked here against the part's size and
 * again while the bytes stream to the store.
 */
export async function readUpload(file: File | undefined, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<AcceptedUpload | undefined> {
  if (!file) return undefined;
  if (file.size > maxBytes) throw REFUSALS.file_too_large(maxBytes);
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return acceptBytes({ fileName: file.name, size: file.size, head, body: () => file.stream() as ReadableStream<Uint8Array> }, maxBytes);
}

/** The upload policy's decision on a file given by its head, size and bytes; throws the refusal. */
export function acceptBytes(
  file: { fileName: string; size: number; head: Uint8Array; body: () => ReadableStream<Uint8Array> },
  maxBytes = DEFAULT_MAX_UPLOAD_BYTES,
): AcceptedUpload {
  const decision = checkUpload({ fileName: file.fileName, size: file.size, head: file.head, maxBytes });
  if (!decision.ok) throw REFUSALS[decision.code](maxBytes);
  return { fileName: decision.fileName, contentType: decision.contentType, body: file.body, maxBytes };
}

/** A file handed over as bytes (a test, the seed, a service called in-process) or as an accepted upload. */
export type FileInput = AcceptedUpload | { fileName: string; content: Uint8Array };

/**
 * The file to store from either kind of input: an upload was decided already; bytes are decided
 * here by the same policy, a refusal thrown as `refuse(code)` (each service words its own).
 */
export function fileToStore(file: FileInput, maxBytes: number, refuse: (code: UploadRefusal) => ApiError): FileToStore {
  if (!('content' in file)) return file;
  const decision = checkUpload({ fileName: file.fileName, size: file.content.byteLength, head: file.content.subarray(0, 16), maxBytes });
  if (!decision.ok) throw refuse(decision.code);
  return { fileName: decision.fileName, contentType: decision.contentType, body: file.content, maxBytes };
}
