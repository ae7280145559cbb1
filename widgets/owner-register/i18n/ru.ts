/** @module Russian texts of `<owner-register>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
  'owner-register': {
    heading: 'Регистрация',
    intro: 'Зарегистрироваться может владелец квартиры – сторона договора. Чтобы подтвердить, что это вы, введите данные одного из трёх последних счетов.',
    proofLegend: 'Данные из счёта',
    accountNumber: 'Номер клиента',
    accountNumberHint: 'Указан в верхней части счёта.',
    invoiceNumber: 'Номер счёта',
    invoiceTotal: 'Сумма счёта, EUR',
    invoiceTotalHint: '«Итого к оплате», например, 45,67.',
    invalidTotal: 'Введите сумму, например, 45,67.',
    loginLegend: 'Данные для входа',
    email: 'Эл. почта',
    password: 'Пароль',
    repeatPassword: 'Пароль ещё раз',
    passwordsDiffer: 'Оба пароля должны совпадать.',
    acceptTerms: 'Принимаю правила пользования',
    acceptTermsPrefix: 'Принимаю ',
    terms: 'правила пользования',
    mustAccept: 'Для регистрации нужно принять правила пользования.',
    invoicesByEmail: 'Хочу получать счета на указанный адрес эл. почты',
    submit: 'Зарегистрироваться',
    submitting: 'Регистрация…',
    sent: 'Подтверждение регистрации отправлено на ваш адрес эл. почты!',
    sentHint: 'Откройте письмо и перейдите по ссылке (она действительна 24 часа). Если письма нет, проверьте также папку «Спам».',
    confirming: 'Подтверждение регистрации…',
    registered: 'Регистрация прошла успешно!',
    registeredHint: 'Теперь вы можете войти со своим адресом эл. почты и паролем.',
  },
};
