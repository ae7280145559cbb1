/**
 * @module
 * The manager's upload forms: a multipart/form-data body that carries the thing itself as one
 * JSON part (named after it: `invoice`, `notice`, `document`) next to its files. A billing system
 * builds it with any HTTP client, e.g.
 * `curl -F 'invoice={"premiseRef":"P-1",…};type=application/json' -F pdf=@DN-1.pdf`.
 * The body limit, 415 and 400 `invalid_form` come from files/upload.ts (multipartForm); each file
 * is then decided by the upload policy (magic bytes and extension, files/upload-policy.ts).
 */
import { z } from '@hono/zod-openapi';
import { ApiError, validationFailed } from '../errors.ts';
import { readUpload, type AcceptedUpload } from '../files/upload.ts';
import { ALLOWED_EXTENSIONS } from '../files/upload-policy.ts';
import { fieldsFromIssues } from '../http/context.ts';

/** A JSON part is a handful of fields and lines, never megabytes. */
const MAX_JSON_PART_CHARS = 512 * 1024;

const noFileChosen = (value: unknown) => value === '' || (value instanceof File && value.size === 0 && value.name === '');

/** The form's JSON part, validated by `schema`; 400 `validation_failed` with the fields otherwise. */
export async function jsonPart<T extends z.ZodType>(form: Record<string, unknown>, name: string, schema: T): Promise<z.output<T>> {
  const raw = form[name];
  const text = typeof raw === 'string' ? raw : raw instanceof File && raw.size <= MAX_JSON_PART_CHARS ? await raw.text() : undefined;
  if (text === undefined) throw validationFailed({ [name]: raw === undefined ? 'required' : 'expected_json' });
  if (text.length > MAX_JSON_PART_CHARS) throw validationFailed({ [name]: 'too_long' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed({ [name]: 'invalid_json' });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(fieldsFromIssues(parsed.error.issues));
  return parsed.data;
}

/** Every file sent under `name` (none when the picker was left empty), at most `max` of them. */
export function filesOf(form: Record<string, unknown>, name: string, max: number): File[] {
  const raw = form[name];
  const values = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter((v) => !noFileChosen(v));
  if (values.some((v) => !(v instanceof File))) throw validationFailed({ [name]: 'expected_file' });
  if (values.length > max) throw validationFailed({ [name]: 'too_many_files' });
  return values as File[];
}

/** Reads and decides each file; the first refusal (413 / 422 with a stable code) wins. */
export async function acceptFiles(files: readonly File[], maxBytes: number): Promise<AcceptedUpload[]> {
  const accepted: AcceptedUpload[] = [];
  for (const file of files) accepted.push((await readUpload(file, maxBytes))!);
  return accepted;
}

/** Only a PDF for an invoice: the policy's other formats are refused with the same code. */
export function requirePdf(file: AcceptedUpload): AcceptedUpload {
  if (file.contentType !== 'application/pdf') {
    throw new ApiError(422, 'file_type_not_allowed', 'The invoice must be a PDF file.', { pdf: 'file_type_not_allowed', allowed: ['.pdf'] });
  }
  return file;
}

/** The OpenAPI shape of the form's JSON part and file parts. */
export const JsonPartField = (schemaName: string) =>
  // Any: a part sent with a file name arrives as a File, which jsonPart reads as text too.
  z.any().openapi({ type: 'string', description: `JSON text: a ${schemaName} (a form field, or a part with Content-Type application/json)` });
export const FilesField = (max: number, maxMb: number) =>
  z.any().optional().openapi({ type: 'array', items: { type: 'string', format: 'binary' }, description: `Up to ${max} files, each at most ${maxMb} MB; ${ALLOWED_EXTENSIONS.join(', ')}` });
export const FileField = (description: string) => z.any().optional().openapi({ type: 'string', format: 'binary', description });

/** `{ body: multipart/form-data }` of a route contract. */
export const multipartBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'multipart/form-data': { schema } } } });
