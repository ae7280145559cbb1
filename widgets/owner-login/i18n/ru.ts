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
    changeHeading: 'Смените пароль',
    changeIntro:
      'Прежде чем продолжить, выберите новый пароль. Обязательно запишите его и храните в надёжном месте!',
    currentPassword: 'Текущий пароль',
    newPassword: 'Новый пароль',
    repeatPassword: 'Новый пароль ещё раз',
    changeSubmit: 'Сменить пароль',
    changing: 'Выполняется смена пароля…',
    passwordChanged: 'Пароль изменён.',
    passwordsDiffer: 'Оба новых пароля должны совпадать.',
    strongLogin: 'Войти через {name}',
  },
};
