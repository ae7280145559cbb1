/** @module Latvian texts of `<owner-profile>`. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'owner-profile': {
    loginFirst: 'Lai skatītu un mainītu savus datus, lūdzu, pieslēdzieties.',
    contactLegend: 'Kontaktinformācija',
    name: 'Vārds, uzvārds',
    phone: 'Tālrunis',
    phoneHint: 'Piemēram, +371 20000000.',
    invalidPhone: 'Ievadiet tālruņa numuru, piemēram, +371 20000000.',
    invalidName: 'Vārdā nedrīkst būt rindu pārnesumi vai vadības rakstzīmes.',
    language: 'Saziņas valoda',
    languageHint: 'Šajā valodā sūtīsim e-pasta vēstules.',
    save: 'Saglabāt',
    saving: 'Saglabā…',
    saved: 'Izmaiņas saglabātas.',
    notificationsLegend: 'E-pasta paziņojumi',
    readingReminders: 'Atgādinājumi par skaitītāju rādījumu nodošanu',
    readingReceipts: 'Apstiprinājums e-pastā par katru manis iesniegto rādījumu',
    invoicesByEmail: 'Vēlos saņemt rēķinus uz norādīto e-pastu',
    newNotices: 'Jauni apsaimniekotāja paziņojumi',
    managerReplies: 'Apsaimniekotāja atbildes uz maniem jautājumiem',
    emailLegend: 'E-pasta adrese',
    currentEmail: 'Pašreizējā adrese: {email}',
    pendingEmail: 'Gaida apstiprinājumu: {email}',
    newEmail: 'Jaunā e-pasta adrese',
    currentPassword: 'Pašreizējā parole',
    changeEmail: 'Mainīt e-pastu',
    emailSent: 'Uz {email} nosūtīta apstiprinājuma saite. Adrese mainīsies pēc apstiprināšanas.',
    emailChanged: 'E-pasta adrese nomainīta uz {email}.',
    sameEmail: 'Šī jau ir Jūsu e-pasta adrese.',
    passwordLegend: 'Parole',
    newPassword: 'Jaunā parole',
    repeatPassword: 'Jaunā parole vēlreiz',
    changePassword: 'Mainīt paroli',
    passwordChanged: 'Parole ir nomainīta. Citās ierīcēs Jūs tikāt izrakstīts.',
    passwordsDiffer: 'Abām jaunajām parolēm jāsakrīt.',
    sessionsLegend: 'Ierīces',
    logoutEverywhere: 'Iziet visās ierīcēs',
    logoutEverywhereHint: 'Beigs visas sesijas visās ierīcēs, arī šajā.',
    unsubscribed: 'Vairs nesūtīsim: {category}. To var mainīt profilā.',
  },
} as const satisfies Dictionary;

type OwnerProfileMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends OwnerProfileMessages {}
}
