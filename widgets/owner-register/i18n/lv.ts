/** @module Latvian texts of `<owner-register>`; the wording follows the WebNams portals residents know. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'owner-register': {
    strongHeading: 'Reģistrēties ar internetbanku, eParakstu vai Smart-ID',
    strongText: 'Ātrākais veids: rēķina dati nav vajadzīgi. Jūsu personas kodu salīdzināsim ar apsaimniekotāja klientu sarakstu.',
    strongRegister: 'Reģistrēties ar {name}',
    introOr: 'Vai arī reģistrējieties ar rēķina datiem. Reģistrēties var dzīvokļa īpašnieks – līgumslēdzējs: ievadiet datus no viena no pēdējiem trim rēķiniem.',
    registeredStrong: 'Reģistrācija ir izdevusies, Jūs esat pieslēdzies!',
    heading: 'Reģistrācija',
    intro: 'Reģistrēties var dzīvokļa īpašnieks – līgumslēdzējs. Lai apliecinātu, ka tas esat Jūs, ievadiet datus no viena no pēdējiem trim rēķiniem.',
    proofLegend: 'Dati no rēķina',
    accountNumber: 'Klienta numurs',
    accountNumberHint: 'Norādīts rēķina augšdaļā.',
    invoiceNumber: 'Rēķina numurs',
    invoiceTotal: 'Rēķina summa, EUR',
    invoiceTotalHint: '“Kopā apmaksai”, piemēram, 45,67.',
    invalidTotal: 'Ievadiet summu, piemēram, 45,67.',
    loginLegend: 'Pieslēgšanās dati',
    email: 'E-pasts',
    password: 'Parole',
    repeatPassword: 'Parole vēlreiz',
    passwordsDiffer: 'Abām parolēm jāsakrīt.',
    acceptTerms: 'Piekrītu lietošanas noteikumiem',
    acceptTermsPrefix: 'Piekrītu ',
    terms: 'lietošanas noteikumiem',
    mustAccept: 'Lai reģistrētos, jāpiekrīt lietošanas noteikumiem.',
    invoicesByEmail: 'Vēlos saņemt rēķinus uz norādīto e-pastu',
    submit: 'Reģistrēties',
    submitting: 'Notiek reģistrācija…',
    sent: 'Reģistrācijas apstiprinājums tika nosūtīts uz Jūsu e-pasta adresi!',
    sentHint: 'Atveriet vēstuli un spiediet uz saites (tā derīga 24 stundas). Ja vēstuli neredzat, pārbaudiet arī mēstuļu (Spam) mapi.',
    confirming: 'Notiek reģistrācijas apstiprināšana…',
    registered: 'Reģistrācija ir izdevusies!',
    registeredHint: 'Tagad varat pieslēgties ar savu e-pastu un paroli.',
  },
} as const satisfies Dictionary;

type OwnerRegisterMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends OwnerRegisterMessages {}
}
