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
    passwordChanged: 'Your password has been changed.',
    strongLogin: 'Log in with {name}',
  },
};
