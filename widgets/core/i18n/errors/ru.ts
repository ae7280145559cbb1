/** @module Russian texts of every API error code; see ./lv.ts. */
import type { Translation } from '../messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
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
    oidc_cancelled: 'Вход был прерван.',
    oidc_login_failed: 'Войти не удалось. Пожалуйста, попробуйте снова.',
    oidc_provider_unavailable: 'Служба входа сейчас недоступна. Пожалуйста, попробуйте позже.',
    oidc_state_invalid: 'Время входа истекло. Пожалуйста, попробуйте снова.',
    oidc_code_invalid: 'Время входа истекло. Пожалуйста, попробуйте снова.',
    personal_code_not_found: 'Ваш персональный код не найден в нашем списке клиентов. Пожалуйста, свяжитесь с управляющим.',
    personal_code_missing: 'Служба входа не передала персональный код.',
    popup_blocked: 'Браузер не разрешил открыть окно входа. Разрешите всплывающие окна и попробуйте снова.',
    network_error: 'Не удалось связаться с сервером. Проверьте подключение к интернету и попробуйте снова.',
    unknown: 'Произошла непредвиденная ошибка. Пожалуйста, попробуйте позже.',
  },
  // When a locked-out or rate-limited login may try again: shown only after such an error.
  retry: {
    at: 'Попробуйте снова после {time}.',
    on: 'Попробуйте снова {date} после {time}.',
    in: {
      one: 'Попробуйте снова через {count} минуту.',
      few: 'Попробуйте снова через {count} минуты.',
      many: 'Попробуйте снова через {count} минут.',
      other: 'Попробуйте снова через {count} минуты.',
    },
  },
};
