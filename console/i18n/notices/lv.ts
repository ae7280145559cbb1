/** @module Latvian texts of the console's notices, readings and inbox additions (issue #14), the source of their keys. */
import type { Dictionary } from '../../../widgets/core/i18n/messages.ts';

export const lv = {
  consoleNotices: {
    legend_lv: 'Latviski (obligāti)',
    legend_ru: 'Krieviski (nav obligāti)',
    legend_en: 'Angliski (nav obligāti)',
    title_ru: 'Nosaukums krieviski',
    body_ru: 'Saturs krieviski',
    title_en: 'Nosaukums angliski',
    body_en: 'Saturs angliski',
    halfTranslation: 'Tulkojumam vajag gan nosaukumu, gan saturu.',
    audience_premises: 'Atsevišķiem dzīvokļiem',
    premises: 'Dzīvokļi',
    premiseSearch: 'Meklēt dzīvokli (adrese vai konta numurs)',
    premiseMatches: { zero: 'Nekas nav atrasts.', one: 'Atrasts {count} dzīvoklis.', other: 'Atrasti {count} dzīvokļi.' },
    premiseMatchesMore: 'Rādīti pirmie {count}; precizējiet meklēšanu.',
    premisesChosen: { zero: 'Nav izvēlēts neviens dzīvoklis.', one: 'Izvēlēts {count} dzīvoklis.', other: 'Izvēlēti {count} dzīvokļi.' },
    choosePremise: 'Izvēlieties vismaz vienu dzīvokli.',
    attachments: 'Pielikumi (līdz 5 failiem, kopā līdz 25 MB)',
    tooManyFiles: 'Var pievienot ne vairāk kā 5 failus.',
    filesTooLarge: 'Pielikumi kopā ir lielāki par 25 MB.',
    expiryBeforePublish: 'Beigu laikam jābūt pēc publicēšanas laika.',
    scheduled: 'Paziņojums ieplānots: {time}.',
    languages: 'Valodas',
    attachmentCount: { zero: 'bez pielikumiem', one: '{count} pielikums', other: '{count} pielikumi' },
    audienceOf_tenant: 'Visiem',
    audienceOf_buildings: { zero: 'Mājām', one: '{count} mājai', other: '{count} mājām' },
    audienceOf_premises: { zero: 'Dzīvokļiem', one: '{count} dzīvoklim', other: '{count} dzīvokļiem' },
    invalidNotice: 'Paziņojumu nevar saglabāt: pārbaudiet laukus.',
    // readings
    perBuilding: 'Pa mājām',
    perBuildingCaption: 'Rādījumi pa mājām: cik adresēm jānodod, cik nodevušas, cik nav, un nodošanas logs',
    window: 'Nodošanas logs',
    windowRange: '{from} – {to}',
    windowMoved: '(pagarināts)',
    missingShort: 'Bez rādījumiem',
    owingShort: 'Jānodod',
    submittedShort: 'Nodevuši',
    totalsRow: 'Kopā',
    summaryMore: 'Parādītas pirmās {count} mājas.',
    extendHeading: 'Pagarināt nodošanas logu',
    extendFor: 'Kam',
    extendAll: 'Visām mājām',
    extendUntil: 'Pēdējā diena (ieskaitot)',
    extendNote: 'Iemesls (nav obligāti)',
    extend: 'Pagarināt…',
    extendConfirm: 'Pagarināt perioda {period} logu — {whom} — līdz {day} ieskaitot? Iedzīvotāji varēs nodot rādījumus līdz šai dienai.',
    extendYes: 'Jā, pagarināt',
    cancel: 'Atcelt',
    extended: 'Logs pagarināts: {whom} līdz {day}.',
    extendNeedsDay: 'Izvēlieties pēdējo dienu.',
    exportHeading: 'Eksports',
    exportSemicolon: 'Excel formātā (semikols, BOM)',
    exportCsv: 'Lejupielādēt CSV',
    exported: 'Lejupielādēts: {file}.',
    exporting: 'Gatavo failu…',
  },
} satisfies Dictionary;

export type ConsoleNoticesMessages = typeof lv;

declare module '../../../widgets/core/i18n/messages.ts' {
  interface MessageCatalog {
    consoleNotices: ConsoleNoticesMessages['consoleNotices'];
  }
}
