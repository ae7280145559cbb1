/**
 * @module
 * The rulebook of single-use email tokens (registration confirmation, password reset, email
 * change), as pure functions. A token is 32 random bytes sent in a link; the database keeps only
 * its SHA-256, so a leaked table opens nothing. A token is good for one purpose, one tenant (the
 * lookup runs under the tenant's row-level security, so another tenant's token is simply not
 * there), one use and a short time. Each way of failing has its own code, which the widgets
 * translate ("the link has already been used", "the link has expired, ask for a new one").
 */
import { ApiError } from '../errors.ts';

export type EmailTokenPurpose = 'register_confirm' | 'password_reset' | 'email_change' | 'invitation';

const MINUTE = 60 * 1000;

export const TOKEN_LIFETIMES_MS: Record<Exclude<EmailTokenPurpose, 'invitation'>, number> = {
  register_confirm: 24 * 60 * MINUTE,
  password_reset: 30 * MINUTE,
  email_change: 24 * 60 * MINUTE,
};

export type TokenFailure = 'token_invalid' | 'token_wrong_purpose' | 'token_used' | 'token_expired';

export interface StoredToken {
  purpose: EmailTokenPurpose;
  expires_at: Date;
  used_at: Date | null;
}

/** What our tokens look like (base64url of 32 bytes); anything else was mangled or made up. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Why the token cannot be used for `purpose` at `now`, or null when it can. */
export function tokenFailure(token: StoredToken | undefined, purpose: EmailTokenPurpose, now: Date): TokenFailure | null {
  if (!token) return 'token_invalid';
  if (token.purpose !== purpose) return 'token_wrong_purpose';
  if (token.used_at) return 'token_used';
  if (token.expires_at.getTime() <= now.getTime()) return 'token_expired';
  return null;
}

const MESSAGES: Record<TokenFailure, string> = {
  token_invalid: 'This link is not valid. Copy the whole link from the email, or ask for a new one.',
  token_wrong_purpose: 'This link is meant for something else.',
  token_used: 'This link has already been used.',
  token_expired: 'This link has expired. Ask for a new one.',
};

export const tokenError = (failure: TokenFailure) => new ApiError(400, failure, MESSAGES[failure], { token: failure });
