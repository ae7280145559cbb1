/** @module English texts of `<owner-login>`'s forced password change. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './change-lv.ts';

export const en: Translation<typeof lv> = {
  'owner-login-change': {
    changeHeading: 'Change your password',
    changeIntro: 'Before you continue, choose a new password. Write it down and keep it in a safe place!',
    currentPassword: 'Current password',
    newPassword: 'New password',
    repeatPassword: 'New password again',
    changeSubmit: 'Change password',
    changing: 'Changing the password…',
    passwordsDiffer: 'Both new passwords must be the same.',
  },
};
