/** @module Latvian texts of the manager's console, the source of its keys. */
import type { Dictionary } from '../../widgets/core/i18n/messages.ts';

export const lv = {
  console: {
    title: 'Pārvaldnieka birojs',
    skipToMain: 'Pāriet uz saturu',
    language: 'Valoda',
    loginHeading: 'Pieslēgties birojam',
    email: 'E-pasts',
    password: 'Parole',
    login: 'Pieslēgties',
    codeHeading: 'Apstiprinājuma kods',
    codeIntro: 'Ievadiet 6 ciparu kodu no autentifikācijas lietotnes.',
    code: 'Kods',
    confirm: 'Apstiprināt',
    useRecovery: 'Nav pieejams tālrunis? Izmantot rezerves kodu',
    useCode: 'Izmantot kodu no lietotnes',
    recoveryCode: 'Rezerves kods',
    enrolHeading: 'Iestatiet autentifikācijas lietotni',
    enrolIntro: 'Noskenējiet QR kodu ar autentifikācijas lietotni (piemēram, Google Authenticator vai Microsoft Authenticator), tad ievadiet tās rādīto kodu.',
    enrolSecret: 'Ja nevarat noskenēt, ievadiet šo atslēgu: {secret}',
    qrLabel: 'QR kods autentifikācijas lietotnei',
    recoveryHeading: 'Jūsu rezerves kodi',
    recoveryIntro: 'Saglabājiet šos kodus drošā vietā. Katrs der vienu reizi, ja tālrunis nav pieejams. Tie vairs netiks parādīti.',
    recoverySaved: 'Esmu saglabājis kodus',
    back: 'Atpakaļ',
    logout: 'Iziet',
    loggedInAs: '{name} ({role})',
    role_admin: 'administrators',
    role_staff: 'darbinieks',
    nav: 'Sadaļas',
    inbox: 'Saziņa',
    unanswered: { zero: '{count} neatbildētu', one: '{count} neatbildēts', other: '{count} neatbildēti' },
    inboxEmpty: 'Nav atvērtu jautājumu.',
    threadList: 'Iedzīvotāju jautājumi, neatbildētie vispirms',
    status_open: 'Gaida atbildi',
    status_answered: 'Atbildēts',
    status_closed: 'Slēgts',
    premise: 'Adrese',
    account: 'Konts',
    resident: 'Iedzīvotājs',
    updated: 'Pēdējās izmaiņas',
    open: 'Atvērt',
    conversation: 'Sarakste',
    manager: 'Pārvaldnieks',
    reply: 'Atbilde',
    send: 'Atbildēt',
    sendAndClose: 'Atbildēt un slēgt',
    close: 'Slēgt bez atbildes',
    sending: 'Sūta…',
    replySent: 'Atbilde nosūtīta.',
    replySentEmail: 'Atbilde nosūtīta; iedzīvotājs saņems e-pastu.',
    closed: 'Jautājums slēgts.',
    backToInbox: 'Atpakaļ uz saziņu',
    loading: 'Ielādē…',
    sessionEnded: 'Sesija ir beigusies. Lūdzu, pieslēdzieties vēlreiz.',
    required: 'Šis lauks ir jāaizpilda.',
    error_invalid_code: 'Kods nav pareizs vai jau izmantots.',
    error_login_expired: 'Pieslēgšanās aizņēma pārāk ilgu laiku. Sāciet no jauna.',
    error_invalid_staff_session: 'Sesija ir beigusies. Lūdzu, pieslēdzieties vēlreiz.',
    error_insufficient_scope: 'Jūsu lomai nav tiesību to darīt.',
  },
} satisfies Dictionary;

export type ConsoleMessages = typeof lv;

declare module '../../widgets/core/i18n/messages.ts' {
  interface MessageCatalog {
    console: ConsoleMessages['console'];
  }
}
