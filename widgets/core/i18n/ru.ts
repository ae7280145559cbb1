/** @module Russian texts of the core; keys come from `lv.ts`. */
import type { lv } from './lv.ts';
import type { Translation } from './messages.ts';

export const ru: Translation<typeof lv> = {
  common: {
    loading: 'Загрузка…',
    configMissing: 'Doorstep: не указан адрес API (api) или управляющий (tenant).',
    required: 'Заполните это поле.',
    invalidEmail: 'Введите адрес эл. почты, например, imja@example.lv.',
    ruleMet: 'выполнено',
    ruleNotMet: 'не выполнено',
    showPassword: 'Показать пароль',
  },
  // The one error text a form shows before it asks the server (a new password breaking the
  // rules); every other error text is in errors/ru.ts, fetched when first needed.
  error: {
    password_rejected: 'Новый пароль не соответствует требованиям безопасности.',
  },
};
