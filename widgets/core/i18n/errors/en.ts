/** @module English texts of every API error code; see ./lv.ts. */
import type { Translation } from '../messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  error: {
    validation_failed: 'Please check what you entered.',
    invalid_credentials: 'Wrong email or password.',
    locked_out: 'Too many failed attempts: logging in is blocked for a while.',
    rate_limited: 'Too many requests. Please wait a moment.',
    invalid_refresh_token: 'Your session has ended. Please log in again.',
    current_password_incorrect: 'The current password is not correct.',
    password_rejected: 'The new password does not meet the security requirements.',
    password_change_required: 'Please change your password before you continue.',
    unauthorized: 'Please log in.',
    forbidden: 'You do not have the right to do this.',
    not_found: 'Not found.',
    tenant_not_found: 'The property manager was not found. Check the portal settings.',
    internal_error: 'Something went wrong. Please try again later.',
    oidc_cancelled: 'The login was cancelled.',
    oidc_login_failed: 'The login failed. Please try again.',
    oidc_provider_unavailable: 'The login service is not available right now. Please try again later.',
    oidc_state_invalid: 'The login has expired. Please try again.',
    oidc_code_invalid: 'The login has expired. Please try again.',
    personal_code_not_found: 'Your personal code is not in our customer list. Please contact your property manager.',
    personal_code_missing: 'The login service did not pass on your personal code.',
    popup_blocked: 'The browser did not let the login window open. Allow pop-ups and try again.',
    network_error: 'Could not reach the server. Check your internet connection and try again.',
    unknown: 'An unexpected error occurred. Please try again later.',
  },
  // When a locked-out or rate-limited login may try again: shown only after such an error.
  retry: {
    at: 'Try again after {time}.',
    on: 'Try again on {date} after {time}.',
    in: {
      one: 'Try again in {count} minute.',
      other: 'Try again in {count} minutes.',
    },
  },
};
