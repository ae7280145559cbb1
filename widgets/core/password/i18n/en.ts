/** @module English texts of the live password rules. */
import type { Translation } from '../../i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  password: {
    rulesHeading: 'The password must:',
    length: 'have {min} to {max} characters',
    contains_email: 'not contain your email address',
    common: 'not be too simple or commonly used',
    same_as_current: 'differ from the current password',
    match: 'be the same in both new password fields',
  },
};
