/**
 * @module
 * Checksummed Latvian identifiers for the demo fixture. Real portals validate IBANs and personal
 * codes, so made-up ones with a wrong check digit would make the demo fail where real data passes.
 */
import { personalCodeCheckDigit } from '../personal-codes/personal-code.ts';

/** An IBAN with correct check digits (ISO 13616, mod 97) for a country, bank code and account. */
export function ibanWithCheckDigits(country: string, bankCode: string, account: string): string {
  const check = 98 - ibanRemainder(`${bankCode}${account}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bankCode}${account}`;
}

export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(compact)) return false;
  return ibanRemainder(compact.slice(4) + compact.slice(0, 4)) === 1;
}

function ibanRemainder(rearranged: string): number {
  let remainder = 0;
  for (const char of rearranged.toUpperCase()) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/**
 * A Latvian personal code in the pre-2017 form DDMMYY-CNNNK: birth date, century digit
 * (0 = 1800s, 1 = 1900s, 2 = 2000s), a serial and a check digit. Some serials have no valid check
 * digit (the formula gives 10); those throw, so pick another serial.
 */
export function personalCode(birthDate: string, serial: number): string {
  const [year, month, day] = birthDate.split('-');
  const century = Number(year!.slice(0, 2)) - 18;
  const digits = `${day}${month}${year!.slice(2)}${century}${String(serial).padStart(3, '0')}`;
  const check = personalCodeCheckDigit(digits);
  if (check === 10) throw new Error(`serial ${serial} has no valid check digit for ${birthDate}`);
  return `${digits.slice(0, 6)}-${digits.slice(6)}${check}`;
}
