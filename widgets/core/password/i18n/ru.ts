/** @module Russian texts of the live password rules. */
import type { Translation } from '../../i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
  password: {
    rulesHeading: 'Требования к паролю:',
    length: 'от {min} до {max} символов',
    contains_email: 'не содержит ваш адрес эл. почты',
    common: 'не слишком простой и не распространённый',
    same_as_current: 'отличается от текущего пароля',
    match: 'оба новых пароля совпадают',
  },
};
