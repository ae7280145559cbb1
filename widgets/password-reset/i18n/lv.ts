/** @module Latvian texts of `<password-reset>` and the error codes of every account flow. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'password-reset': {
    requestHeading: 'Paroles atjaunošana',
    requestIntro: 'Ievadiet e-pasta adresi, ar kuru pieslēdzaties. Nosūtīsim saiti jaunas paroles izvēlei.',
    email: 'E-pasts',
    send: 'Nosūtīt saiti',
    sending: 'Sūta…',
    back: 'Atpakaļ',
    sent: 'Ja šī e-pasta adrese ir reģistrēta, uz to ir nosūtīta saite paroles atjaunošanai. Saite ir derīga 30 minūtes.',
    resetHeading: 'Izvēlieties jaunu paroli',
    newPassword: 'Jaunā parole',
    repeatPassword: 'Jaunā parole vēlreiz',
    submit: 'Saglabāt jauno paroli',
    submitting: 'Saglabā…',
    passwordsDiffer: 'Abām parolēm jāsakrīt.',
    done: 'Parole ir nomainīta. Tagad varat pieslēgties ar jauno paroli.',
    requestNew: 'Pieprasīt jaunu saiti',
  },
  'account-errors': {
    token_invalid: 'Saite nav derīga. Pārliecinieties, ka atvērāt visu saiti no e-pasta, vai pieprasiet jaunu.',
    token_wrong_purpose: 'Šī saite ir paredzēta citam nolūkam.',
    token_used: 'Šī saite jau ir izmantota.',
    token_expired: 'Saites derīguma termiņš ir beidzies. Lūdzu, pieprasiet jaunu.',
    email_taken: 'Ar šo e-pasta adresi jau ir reģistrēts konts.',
    registration_proof_invalid: 'Klienta numurs, rēķina numurs vai summa nesakrīt ne ar vienu no pēdējiem trim rēķiniem.',
    email_too_long: 'E-pasta adrese ir pārāk gara.',
    email_unsupported_characters: 'E-pasta adresē pirms @ zīmes var būt tikai latīņu burti, cipari un zīmes . _ - +.',
  },
} as const satisfies Dictionary;

type PasswordResetMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends PasswordResetMessages {}
}
