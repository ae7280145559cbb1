/**
 * @module
 * Latvian personal codes (personas kods) as the rules of a form would check them, pure.
 *
 * Two forms are in use. Codes issued before July 2017 are DDMMYY-CNNNK: the birth date, a century
 * digit (0 = 1800s, 1 = 1900s, 2 = 2000s), a serial and a check digit. Codes issued since then
 * start with 32 and carry no birth date (so nobody can read an age from them); they have no check
 * digit that the public rules describe, so only their shape is checked.
 *
 * A code is matched, never shown: what is stored is a keyed hash of its one normal form
 * (`DDMMYY-NNNNN`, see personal-code-key.ts), so "140382 10123", "14038210123" and
 * "140382-10123" are the same person. What a manager's screen may show is the hint, the last two
 * digits, enough to tell two customers apart and nothing to look someone up by.
 */

const WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check digit of the old form's first ten digits; 10 means no code has these ten. */
export function personalCodeCheckDigit(firstTen: string): number {
  const sum = [...firstTen].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i]!, 0);
  return (1101 - sum) % 11;
}

/**
 * The code in its normal form `DDMMYY-NNNNN`, or undefined when it is not a valid personal code.
 * Spaces and the dash are optional on the way in, and so is the `PNOLV-` prefix of an ETSI identifier.
 */
export function normalizePersonalCode(raw: string): string | undefined {
  // Smart-ID and eParaksts give the code as an ETSI semantic identifier, "PNOLV-140382-10124".
  const compact = raw.trim().replace(/^PNOLV-/i, '').replace(/[\s-]/g, '');
  if (!/^\d{11}$/.test(compact)) return undefined;
  const normal = `${compact.slice(0, 6)}-${compact.slice(6)}`;
  if (compact.startsWith('32')) return normal;
  const day = Number(compact.slice(0, 2));
  const month = Number(compact.slice(2, 4));
  const century = Number(compact[6]);
  if (century > 2) return undefined;
  const year = 1800 + century * 100 + Number(compact.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  return personalCodeCheckDigit(compact.slice(0, 10)) === Number(compact[10]) ? normal : undefined;
}

export const isValidPersonalCode = (raw: string) => normalizePersonalCode(raw) !== undefined;

/** What a manager's screen shows of a stored code: `******-***23`. */
export const personalCodeHint = (normal: string) => `******-***${normal.slice(-2)}`;

/** The stable error code of a personal code that does not read (import rows, API fields). */
export const INVALID_PERSONAL_CODE = 'invalid_personal_code';
