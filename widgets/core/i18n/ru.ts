/** @module Russian texts of the core; keys come from `lv.ts`. */
import type { lv } from './lv.ts';
import type { Translation } from './messages.ts';

export const ru: Translation<typeof lv> = {
  common: {
    loading: 'Загрузка…',
    configMissing: 'Doorstep: не указан адрес API (api) или управляющий (tenant).',
    required: 'Заполните это поле.',
    invalidEmail: 'Введите адрес эл. почты, например, imja@example.lv.',
    tryAgainAt: 'Попробуйте снова после {time}.',
    tryAgainOn: 'Попробуйте снова {date} после {time}.',
    tryAgainIn: {
      one: 'Попробуйте снова через {count} минуту.',
      few: 'Попробуйте снова через {count} минуты.',
      many: 'Попробуйте снова через {count} минут.',
      other: 'Попробуйте снова через {count} минуты.',
    },
    ruleMet: 'выполнено',
    ruleNotMet: 'не выполнено',
    showPassword: 'Показать пароль',
  },
  error: {
    validation_failed: 'Пожалуйста, проверьте введённые данные.',
    invalid_credentials: 'Неверный адрес эл. почты или пароль.',
    locked_out: 'Слишком много неудачных попыток: вход временно заблокирован.',
    rate_limited: 'Слишком много запросов. Пожалуйста, подождите немного.',
    invalid_refresh_token: 'Сеанс завершён. Пожалуйста, войдите снова.',
    current_password_incorrect: 'Текущий пароль указан неверно.',
    password_rejected: 'Новый пароль не соответствует требованиям безопасности.',
    password_change_required: 'Прежде чем продолжить, смените пароль.',
    unauthorized: 'Пожалуйста, войдите.',
    forbidden: 'У вас нет прав на это действие.',
    not_found: 'Не найдено.',
    tenant_not_found: 'Управляющий не найден. Проверьте настройки портала.',
    internal_error: 'Произошла ошибка. Пожалуйста, попробуйте позже.',
    network_error: 'Не удалось связаться с сервером. Проверьте подключение к интернету и попробуйте снова.',
    unknown: 'Произошла непредвиденная ошибка. Пожалуйста, попробуйте позже.',
  },
  password: {
    rulesHeading: 'Требования к паролю:',
    length: 'от {min} до {max} символов',
    contains_email: 'не содержит ваш адрес эл. почты',
    common: 'не слишком простой и не распространённый',
    same_as_current: 'отличается от текущего пароля',
    match: 'оба новых пароля совпадают',
  },
};
