/** @module English texts of the core; keys come from `lv.ts`. */
import type { lv } from './lv.ts';
import type { Translation } from './messages.ts';

export const en: Translation<typeof lv> = {
  common: {
    loading: 'Loading…',
    configMissing: 'Doorstep: the API address (api) or the manager (tenant) is not set.',
    required: 'Please fill in this field.',
    invalidEmail: 'Enter an email address, for example name@example.lv.',
    ruleMet: 'met',
    ruleNotMet: 'not met',
    showPassword: 'Show password',
  },
  // The one error text a form shows before it asks the server (a new password breaking the
  // rules); every other error text is in errors/en.ts, fetched when first needed.
  error: {
    password_rejected: 'The new password does not meet the security requirements.',
  },
};
