/** @module Latvian texts of `<invoice-list>`, the source of its keys (wording as in Ludza's e-kabinets). */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'invoice-list': {
    heading: 'Rēķini',
    latest: 'Jaunākais rēķins',
    periodOf: 'Periods: {period}',
    number: 'Rēķina numurs',
    issueDate: 'Datums',
    period: 'Periods',
    amount: 'Rēķina summa',
    debt: 'Parāds no iepriekšējā perioda',
    overpaid: 'Pārmaksa no iepriekšējā perioda',
    total: 'Kopā apmaksai',
    paid: 'Samaksāts',
    toPay: 'Vēl jāsamaksā',
    dueDate: 'Apmaksāt līdz',
    status: 'Statuss',
    download: 'Lejupielādēt',
    downloadLabel: 'Lejupielādēt rēķinu {number} (PDF)',
    downloading: 'Lejupielādē…',
    downloaded: 'Rēķins {number} lejupielādēts.',
    paymentHeading: 'Maksājuma rekvizīti',
    paymentIntro: 'Apmaksājiet rēķinu savā internetbankā ar šiem rekvizītiem vai noskenējiet QR kodu.',
    recipient: 'Saņēmējs',
    registrationNumber: 'Reģistrācijas Nr.',
    iban: 'Konts (IBAN)',
    bank: 'Banka',
    paymentAmount: 'Summa',
    reference: 'Maksājuma mērķis',
    copy: 'Kopēt',
    copyLabel: 'Kopēt: {what}',
    copied: 'Nokopēts: {what}',
    copyFailed: 'Neizdevās nokopēt. Atlasiet tekstu un nokopējiet to paši.',
    qrCaption: 'Skenējiet QR kodu savas bankas lietotnē',
    qrLabel: 'QR kods maksājumam: {amount}, saņēmējs {recipient}, konts {iban}, mērķis {reference}',
    all: 'Visi rēķini',
    allLabel: 'Visi rēķini, sākot ar jaunāko',
    loadMore: 'Ielādēt vairāk',
    loadingMore: 'Ielādē…',
    loadedMore: {
      zero: 'Ielādēti vēl {count} rēķini.',
      one: 'Ielādēts vēl {count} rēķins.',
      other: 'Ielādēti vēl {count} rēķini.',
    },
    allShown: 'Visi rēķini ir parādīti.',
    empty: 'Rēķinu vēl nav.',
    emptyHint: 'Kad apsaimniekotājs izrakstīs pirmo rēķinu, tas būs redzams šeit.',
    loginFirst: 'Pieslēdzieties, lai redzētu savus rēķinus.',
    noAddress: 'Jūsu kontam vēl nav piesaistīta neviena adrese.',
    retry: 'Mēģināt vēlreiz',
    status_unpaid: 'Neapmaksāts',
    status_partly_paid: 'Daļēji apmaksāts',
    status_paid: 'Apmaksāts',
    status_overdue: 'Apmaksa kavēta',
  },
} as const satisfies Dictionary;

type InvoiceListMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends InvoiceListMessages {}
}
