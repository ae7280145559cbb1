/**
 * @module
 * Accepting multipart/form-data uploads on a route. The app's 64 KiB JSON limit skips multipart
 * bodies, so every upload route brings its own limits. `uploadMiddleware()` refuses anonymous
 * callers and bodies that are not multipart (415) before a byte of the body is read; then the form
 * is read as it streams in (streamed-form.ts): files go straight to the store within their limits
 * (413 `file_too_large`, 422 for a refused type), a body that is no form is 400 `invalid_form`,
 * and the route's zod validator reads the resulting form from Hono's body cache.
 * `readUpload()` then hands a file field's stored object to the service, which writes its row.
 * Objects that no row claimed by the end of the request are deleted again.
 */
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ApiError, unauthorized, validationFailed } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';
import type { FileToStore } from './stored-files.ts';
import { deleteStaged, readStreamedForm, StagedUpload, UPLOAD_REFUSALS, type StagedObject, type UploadLimits } from './streamed-form.ts';
import { ALLOWED_EXTENSIONS, checkUpload, DEFAULT_MAX_UPLOAD_BYTES, type UploadRefusal } from './upload-policy.ts';

export type { UploadLimits };

const isMultipart = (contentType: string | undefined) => (contentType ?? '').toLowerCase().startsWith('multipart/form-data');

/** A resident's upload: a logged-in caller and one optional file in the field `file`. */
export function uploadMiddleware(limits: UploadLimits = { fileFields: { file: 1 }, maxFileBytes: DEFAULT_MAX_UPLOAD_BYTES }): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      if (!c.var.claims) throw unauthorized();
      await next();
    },
    ...multipartForm(limits),
  ];
}

/**
 * The multipart body of an upload route whose caller was already checked (the admin routes check
 * their key before this runs): 415 when the body is not multipart, then the streamed form.
 */
export function multipartForm(limits: UploadLimits): MiddlewareHandler<AppEnv>[] {
  return [
    async (c, next) => {
      if (!isMultipart(c.req.header('content-type'))) throw new ApiError(415, 'unsupported_media_type', 'Send the form as multipart/form-data.');
      const { form, staged } = await readStreamedForm(c.req.raw, { stores: c.var.files, tenantId: c.var.tenant.id }, limits);
      // Hono keeps promises in its body cache (its type says otherwise); the validator reads it there.
      (c.req.bodyCache as Record<string, unknown>).formData = Promise.resolve(form);
      try {
        await next();
      } finally {
        await deleteStaged(c.var.files, staged);
      }
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

/** An upload whose name and type were decided and whose bytes are in the store (streamed-form.ts). */
export interface AcceptedUpload extends FileToStore {
  body: StagedObject;
  maxBytes: number;
}

/**
 * The stored file of a form's file field, for the service to write its row; undefined when the
 * field was left empty. The policy (magic bytes, extension, size) was applied while it streamed.
 */
export function readUpload(file: File | undefined, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): AcceptedUpload | undefined {
  if (!file) return undefined;
  if (!(file instanceof StagedUpload)) throw validationFailed({ file: 'expected_file' });
  if (file.staged.sizeBytes > maxBytes) throw UPLOAD_REFUSALS.file_too_large(maxBytes);
  return { fileName: file.staged.fileName, contentType: file.staged.contentType, body: file.staged, maxBytes };
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
