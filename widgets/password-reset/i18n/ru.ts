/** @module Russian texts of `<password-reset>` and the account error codes. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
  'password-reset': {
    requestHeading: 'Восстановление пароля',
    requestIntro: 'Введите адрес эл. почты, с которым вы входите. Мы отправим ссылку для выбора нового пароля.',
    email: 'Эл. почта',
    send: 'Отправить ссылку',
    sending: 'Отправка…',
    back: 'Назад',
    sent: 'Если этот адрес эл. почты зарегистрирован, на него отправлена ссылка для восстановления пароля. Ссылка действительна 30 минут.',
    resetHeading: 'Выберите новый пароль',
    newPassword: 'Новый пароль',
    repeatPassword: 'Новый пароль ещё раз',
    submit: 'Сохранить новый пароль',
    submitting: 'Сохранение…',
    passwordsDiffer: 'Оба пароля должны совпадать.',
    done: 'Пароль изменён. Теперь вы можете войти с новым паролем.',
    requestNew: 'Запросить новую ссылку',
  },
  'account-errors': {
    token_invalid: 'Ссылка недействительна. Убедитесь, что открыли ссылку из письма полностью, или запросите новую.',
    token_wrong_purpose: 'Эта ссылка предназначена для другого действия.',
    token_used: 'Эта ссылка уже использована.',
    token_expired: 'Срок действия ссылки истёк. Пожалуйста, запросите новую.',
    email_taken: 'С этим адресом эл. почты уже зарегистрирована учётная запись.',
    registration_proof_invalid: 'Номер клиента, номер счёта или сумма не совпадают ни с одним из трёх последних счетов.',
    email_too_long: 'Адрес эл. почты слишком длинный.',
    email_unsupported_characters: 'В адресе эл. почты до знака @ допускаются только латинские буквы, цифры и знаки . _ - +.',
  },
};
