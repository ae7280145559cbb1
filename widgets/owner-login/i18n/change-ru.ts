/** @module Russian texts of `<owner-login>`'s forced password change. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './change-lv.ts';

export const ru: Translation<typeof lv> = {
  'owner-login-change': {
    changeHeading: 'Смените пароль',
    changeIntro:
      'Прежде чем продолжить, выберите новый пароль. Обязательно запишите его и храните в надёжном месте!',
    currentPassword: 'Текущий пароль',
    newPassword: 'Новый пароль',
    repeatPassword: 'Новый пароль ещё раз',
    changeSubmit: 'Сменить пароль',
    changing: 'Выполняется смена пароля…',
    passwordsDiffer: 'Оба новых пароля должны совпадать.',
  },
};
