/** @module Russian texts of `<owner-login>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
  'owner-login': {
    email: 'Эл. почта',
    password: 'Пароль',
    remember: 'Запомнить меня',
    rememberHint: 'Не отмечайте на общедоступном компьютере, например, в библиотеке или на работе.',
    submit: 'Войти',
    submitting: 'Выполняется вход…',
    forgotPassword: 'Забыли пароль?',
    greeting: 'Здравствуйте, {name}!',
    logout: 'Выйти',
    passwordChanged: 'Пароль изменён.',
    strongLogin: 'Войти через {name}',
  },
};
