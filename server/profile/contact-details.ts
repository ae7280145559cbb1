/**
 * @module
 * What a name and a phone number may look like, as pure functions. Names are shown in greetings
 * and may one day reach a header, so control characters and line breaks are refused (that is how
 * header injection starts); phones keep the digits and a leading +.
 */

export type NameProblem = 'invalid_characters';
export type PhoneProblem = 'invalid_format';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export function nameProblem(name: string): NameProblem | null {
  return CONTROL.test(name) ? 'invalid_characters' : null;
}

/** "+371 29-123 456" → "+37129123456"; "" or null → null (cleared); undefined when it is not a phone. */
export function normalizePhone(raw: string | null): string | null | undefined {
  if (raw === null || raw.trim() === '') return null;
  if (CONTROL.test(raw)) return undefined;
  const compact = raw.replace(/[\s().-]/g, '');
  return /^\+?[0-9]{5,20}$/.test(compact) ? compact : undefined;
}
