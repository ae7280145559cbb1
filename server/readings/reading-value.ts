/**
 * @module
 * Meter values: what a resident may type, and exact arithmetic on them.
 *
 * Residents copy the digits off the meter's face. Portals they know accept "no leading zeros"
 * (00123,456 typed as 123,456), a comma or a dot, and stray spaces; we accept exactly that and
 * refuse everything else with a code the widget translates. Values never pass through floating
 * point: they are integers of millionths (the column is numeric(16, 6)) held in a bigint.
 */

/** Millionths of a unit: 1 m³ = 1_000_000n. */
export type Quantity = bigint;

export const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);
/** numeric(16, 6) holds at most 10 digits before the decimal point. */
export const MAX_INTEGER_DIGITS = 10;
const MAX_INPUT_LENGTH = 64;

export type ReadingValueError =
  | 'reading_value_required'
  | 'reading_value_invalid'
  | 'reading_value_negative'
  | 'reading_value_too_many_decimals'
  | 'reading_value_too_large';

export type ParsedReadingValue = { ok: true; value: string; quantity: Quantity } | { ok: false; error: ReadingValueError };

// Ordinary, no-break, narrow no-break, thin and figure spaces: what phones and copy-paste insert.
const SPACES = /[\s\u00a0\u2007\u2009\u202f]/g;
const NUMBER = /^(\d*)(?:[.,](\d*))?$/;

/**
 * Reads what the resident typed for a meter with `decimals` decimal places. Never throws: any
 * input, of any type, gives either the normalised value ("123.450" for a meter with 3 decimals)
 * or an error code.
 */
export function parseReadingValue(input: unknown, decimals: number): ParsedReadingValue {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: 'reading_value_invalid' };
    // Beyond 2^53 a number has already lost digits, and String() would switch to exponents.
    if (Math.abs(input) >= 1e15) return { ok: false, error: 'reading_value_too_large' };
    text = String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else if (input === null || input === undefined) {
    return { ok: false, error: 'reading_value_required' };
  } else {
    return { ok: false, error: 'reading_value_invalid' };
  }
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, error: 'reading_value_too_large' };
  text = text.replace(SPACES, '');
  if (text === '') return { ok: false, error: 'reading_value_required' };
  if (text.startsWith('-')) return NUMBER.test(text.slice(1)) && /\d/.test(text) ? { ok: false, error: 'reading_value_negative' } : { ok: false, error: 'reading_value_invalid' };
  if (text.startsWith('+')) text = text.slice(1);
  const match = NUMBER.exec(text);
  if (!match) return { ok: false, error: 'reading_value_invalid' };
  const integer = (match[1] ?? '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (integer === '' && fraction === '' && !/\d/.test(text)) return { ok: false, error: 'reading_value_invalid' };
  if (fraction.length > decimals) return { ok: false, error: 'reading_value_too_many_decimals' };
  if ((integer || '0').length > MAX_INTEGER_DIGITS) return { ok: false, error: 'reading_value_too_large' };
  const quantity = BigInt(integer || '0') * ONE + BigInt((fraction || '0').padEnd(SCALE, '0'));
  return { ok: true, value: formatQuantity(quantity, decimals), quantity };
}

/** A decimal string from the database ("123.450000") or the API, as millionths. */
export function toQuantity(text: string): Quantity {
  const negative = text.startsWith('-');
  const [integer = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const value = BigInt(integer || '0') * ONE + BigInt(fraction.slice(0, SCALE).padEnd(SCALE, '0') || '0');
  return negative ? -value : value;
}

/** Millionths as a decimal string with exactly `decimals` places, rounding half away from zero. */
export function formatQuantity(quantity: Quantity, decimals: number): string {
  const negative = quantity < 0n;
  let magnitude = negative ? -quantity : quantity;
  const drop = 10n ** BigInt(SCALE - decimals);
  magnitude = (magnitude + drop / 2n) / drop;
  const digits = magnitude.toString().padStart(decimals + 1, '0');
  const integer = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative && magnitude !== 0n ? '-' : ''}${integer}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** `quantity × factor`, with the factor (e.g. 3 or 2.5) taken to three decimals. */
export function multiply(quantity: Quantity, factor: number): Quantity {
  return (quantity * BigInt(Math.round(factor * 1000))) / 1000n;
}

/** `quantity / divisor`, rounded to the nearest millionth. */
export function divide(quantity: Quantity, divisor: number): Quantity {
  const d = BigInt(divisor);
  return (quantity * 2n + d) / (2n * d);
}
