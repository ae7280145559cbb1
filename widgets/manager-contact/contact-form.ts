/**
 * @module
 * What `<manager-contact>` checks before it sends a form, so a resident hears about a too-large
 * or wrong file at once instead of after a long upload. The server decides again (by the file's
 * bytes); these limits mirror its upload policy.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;
export const ACCEPTED_EXTENSIONS = ['.pdf', '.jpg', '.jpeg', '.png', '.webp', '.heic', '.heif', '.docx', '.xlsx', '.odt', '.ods', '.doc', '.xls'];

export type FieldCode = 'required' | 'too_long' | 'file_too_large' | 'file_type_not_allowed' | 'file_empty';
export type FormErrors = Partial<Record<'subject' | 'body' | 'file', FieldCode>>;

export function checkFile(file: { name: string; size: number } | null | undefined): FieldCode | undefined {
  if (!file || (file.size === 0 && file.name === '')) return undefined;
  if (file.size > MAX_ATTACHMENT_BYTES) return 'file_too_large';
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(file.name)?.[0]?.toLowerCase();
  if (!extension || !ACCEPTED_EXTENSIONS.includes(extension)) return 'file_type_not_allowed';
  if (file.size === 0) return 'file_empty';
  return undefined;
}

export function checkText(value: string, max: number): FieldCode | undefined {
  if (!value.trim()) return 'required';
  return value.length > max ? 'too_long' : undefined;
}

/** Field errors the server sent (`validation_failed` fields, or a file refusal), in our codes. */
export function errorsFromServer(error: { code?: string; fields?: Readonly<Record<string, unknown>> }): FormErrors {
  const errors: FormErrors = {};
  if (error.code === 'file_too_large' || error.code === 'file_type_not_allowed' || error.code === 'file_empty') errors.file = error.code;
  for (const field of ['subject', 'body'] as const) {
    const value = error.fields?.[field];
    if (value === 'required' || value === 'too_long') errors[field] = value;
  }
  return errors;
}
