/** @module English texts of `<owner-login>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  'owner-login': {
    email: 'Email',
    password: 'Password',
    remember: 'Remember me',
    rememberHint: 'Leave this unticked on a public computer, for example in a library or at work.',
    submit: 'Log in',
    submitting: 'Logging in…',
    forgotPassword: 'Forgot your password?',
    greeting: 'Hello, {name}!',
    logout: 'Log out',
    changeHeading: 'Change your password',
    changeIntro: 'Before you continue, choose a new password. Write it down and keep it in a safe place!',
    currentPassword: 'Current password',
    newPassword: 'New password',
    repeatPassword: 'New password again',
    changeSubmit: 'Change password',
    changing: 'Changing the password…',
    passwordChanged: 'Your password has been changed.',
    passwordsDiffer: 'Both new passwords must be the same.',
    strongLogin: 'Log in with {name}',
  },
};
