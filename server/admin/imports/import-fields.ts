/**
 * @module
 * How one cell of a manager's file is read: the rules a spreadsheet user can predict. Pure, so
 * they are tested on their own (tests/server/admin-import-fields.test.ts) and every kind of import
 * reads the same way.
 *
 * - Text is trimmed; an empty cell is "not given".
 * - Decimals take a dot or a comma ("12,340" is what Latvian Excel writes), no thousands
 *   separators, no exponent; the number of decimals is capped by the column's database type.
 * - Dates are ISO `YYYY-MM-DD` or the Latvian `DD.MM.YYYY`; periods `YYYY-MM`.
 * - A moment is ISO 8601 with an offset (`2026-05-30T18:40:00+03:00`), or a wall-clock time
 *   (`2026-05-30 18:40`) read in the tenant's time zone.
 *
 * A cell that does not read gives a stable error code (see docs/import.md), never an exception.
 */
import { offsetAt, parseDate } from '../../readings/civil-time.ts';
import { EXTERNAL_REF_PATTERN } from '../external-ref.ts';
import { storedPersonalCode, type PersonalCodeKey, type StoredPersonalCode } from '../../personal-codes/personal-code-key.ts';

export type FieldError =
  | 'required'
  | 'too_long'
  | 'invalid_ref'
  | 'invalid_decimal'
  | 'out_of_range'
  | 'invalid_integer'
  | 'invalid_date'
  | 'invalid_timestamp'
  | 'invalid_period'
  | 'invalid_value'
  | 'invalid_email'
  | 'invalid_personal_code';

export type Cell<T> = { ok: true; value: T } | { ok: false; code: FieldError };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const fail = (code: FieldError): Cell<never> => ({ ok: false, code });

/** The manager's own ids (externalRef): the admin API's one rule (external-ref.ts). */
const EXTERNAL_REF = EXTERNAL_REF_PATTERN;

export function text(raw: string | undefined, max: number): Cell<string | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  if (value.length > max) return fail('too_long');
  // Postgres text cannot hold a NUL character; no real value has one.
  return value.includes('\u0000') ? fail('invalid_value') : ok(value);
}

export function requiredText(raw: string | undefined, max: number): Cell<string> {
  const cell = text(raw, max);
  if (cell.ok && cell.value === null) return fail('required');
  return cell as Cell<string>;
}

export function ref(raw: string | undefined): Cell<string | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  return EXTERNAL_REF.test(value) ? ok(value) : fail('invalid_ref');
}

export function requiredRef(raw: string | undefined): Cell<string> {
  const cell = ref(raw);
  if (cell.ok && cell.value === null) return fail('required');
  return cell as Cell<string>;
}

const DECIMAL = /^(-?)(\d+)(?:[.,](\d+))?$/;

/**
 * A decimal as a canonical string ("12,340" → "12.340"), refused beyond `scale` decimals, below
 * `min` or with more than `integerDigits` before the point (what numeric(p, s) can hold).
 */
export function decimal(raw: string | undefined, scale: number, integerDigits: number, min = 0): Cell<string | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  const match = DECIMAL.exec(value);
  if (!match) return fail('invalid_decimal');
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) return fail('invalid_decimal');
  const digits = whole!.replace(/^0+(?=\d)/, '');
  if (digits.length > integerDigits) return fail('out_of_range');
  const canonical = `${sign}${digits}${fraction ? `.${fraction}` : ''}`;
  if (Number(canonical) < min) return fail('out_of_range');
  return ok(canonical);
}

export function integer(raw: string | undefined, min: number, max: number): Cell<number | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  if (!/^-?\d{1,9}$/.test(value)) return fail('invalid_integer');
  const number = Number(value);
  return number < min || number > max ? fail('out_of_range') : ok(number);
}

const LATVIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** 'YYYY-MM-DD' from ISO or 'DD.MM.YYYY'; years 1900–2199. */
export function date(raw: string | undefined): Cell<string | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  const latvian = LATVIAN_DATE.exec(value);
  const iso = latvian ? `${latvian[3]}-${latvian[2]!.padStart(2, '0')}-${latvian[1]!.padStart(2, '0')}` : value;
  const parsed = parseDate(iso);
  if (!parsed || parsed.year < 1900 || parsed.year > 2199) return fail('invalid_date');
  return ok(iso);
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function period(raw: string | undefined): Cell<string | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  const match = PERIOD.exec(value);
  if (!match || Number(match[1]) < 1900 || Number(match[1]) > 2199) return fail('invalid_period');
  return ok(value);
}

const MOMENT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** An instant: ISO 8601 with an offset, or a wall-clock time in `timeZone`. */
export function timestamp(raw: string | undefined, timeZone: string): Cell<Date | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  const match = MOMENT.exec(value);
  if (!match) return fail('invalid_timestamp');
  const [, day, hours, minutes, seconds = '00', fraction = '', zone] = match;
  const civil = parseDate(day!);
  if (!civil || civil.year < 1900 || civil.year > 2199 || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return fail('invalid_timestamp');
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  const naive = Date.UTC(civil.year, civil.month - 1, civil.day, Number(hours), Number(minutes), Number(seconds), milliseconds);
  if (zone) {
    if (zone === 'Z') return ok(new Date(naive));
    const compact = zone.replace(':', '');
    const offset = (Number(compact.slice(1, 3)) * 60 + Number(compact.slice(3, 5))) * 60_000;
    if (Number(compact.slice(1, 3)) > 14 || Number(compact.slice(3, 5)) > 59) return fail('invalid_timestamp');
    return ok(new Date(naive - (compact[0] === '-' ? -offset : offset)));
  }
  // The zone's offset at the naive instant, then at the corrected one (as the demo calendar does).
  let instant = naive - offsetAt(naive, timeZone);
  instant = naive - offsetAt(instant, timeZone);
  return ok(new Date(instant));
}

export function oneOf<const T extends string>(raw: string | undefined, allowed: readonly T[]): Cell<T | null> {
  const value = (raw ?? '').trim();
  if (value === '') return ok(null);
  return (allowed as readonly string[]).includes(value) ? ok(value as T) : fail('invalid_value');
}

export function email(raw: string | undefined): Cell<string | null> {
  const cell = text(raw, 254);
  if (!cell.ok || cell.value === null) return cell;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell.value) ? cell : fail('invalid_email');
}

/**
 * A personal code, stored as its keyed hash and hint (server/personal-codes/): the file's plain
 * code goes no further than this function.
 */
export function personalCode(raw: string | undefined, key: PersonalCodeKey): Cell<StoredPersonalCode | null> {
  const cell = text(raw, 50);
  if (!cell.ok || cell.value === null) return cell as Cell<null>;
  const stored = storedPersonalCode(key, cell.value);
  return stored ? ok(stored) : fail('invalid_personal_code');
}
