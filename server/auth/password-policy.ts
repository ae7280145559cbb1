/**
 * @module
 * The password rules, as a pure function the server enforces and the widget mirrors live.
 * Checked before hashing, so a 1 MB "password" costs nothing.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordRule = 'too_short' | 'too_long' | 'common' | 'contains_email';

/** Length counts characters as people see them (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** Every rule the password breaks; an empty list means it may be used. */
export function passwordProblems(password: string, email?: string): PasswordRule[] {
  const problems: PasswordRule[] = [];
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push('too_long');
    return problems;
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/u.test(password)) problems.push('common');
  if (email) {
    const normalized = email.trim().toLowerCase();
    const local = normalized.split('@')[0] ?? '';
    if ((normalized && lower.includes(normalized)) || (local.length >= 3 && lower.includes(local))) {
      problems.push('contains_email');
    }
  }
  return problems;
}
