/**
 * @module
 * The password rules a resident sees live under the new-password field. They mirror the server's
 * policy (12–128 characters counted as people see them, not containing the email or its local
 * part); the list of common passwords lives only on the server, so `common` is known only after a
 * submit.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Rule codes as the server names them in `fields.newPassword`, plus the client's own `match`. */
export type PasswordRuleCode = 'length' | 'contains_email' | 'same_as_current' | 'common' | 'match';

export interface PasswordRuleState {
  code: PasswordRuleCode;
  met: boolean;
}

export interface PasswordRuleInput {
  password: string;
  /** The second "new password" field. */
  repeat: string;
  email: string;
  /** When known, "differs from the current password" is checked live. */
  currentPassword?: string;
  /** Passwords the server refused as common during this change; they stay red. */
  rejectedAsCommon?: readonly string[];
}

/** Characters as people count them (code points), as the server does. */
export function passwordLength(password: string): number {
  return [...password].length;
}

export function containsEmail(password: string, email: string): boolean {
  const normalized = email.trim().toLowerCase();
  if (!normalized) return false;
  const lower = password.toLowerCase();
  const local = normalized.split('@')[0] ?? '';
  return lower.includes(normalized) || (local.length >= 3 && lower.includes(local));
}

/**
 * The rules to show for the new password, in display order, each met or not. `same_as_current`
 * appears only when the current password is known; `common` only after the server refused this
 * very password as common.
 */
export function passwordRuleStates(input: PasswordRuleInput): PasswordRuleState[] {
  const length = passwordLength(input.password);
  const rules: PasswordRuleState[] = [
    { code: 'length', met: length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH },
    { code: 'contains_email', met: input.password.length > 0 && !containsEmail(input.password, input.email) },
  ];
  if (input.currentPassword) {
    rules.push({ code: 'same_as_current', met: input.password.length > 0 && input.password !== input.currentPassword });
  }
  if (input.rejectedAsCommon?.includes(input.password)) rules.push({ code: 'common', met: false });
  return rules;
}

/** Whether the two new-password fields agree (and are not empty). */
export function passwordsMatch(input: Pick<PasswordRuleInput, 'password' | 'repeat'>): boolean {
  return input.password.length > 0 && input.password === input.repeat;
}
