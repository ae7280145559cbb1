/** @module Latvian texts of `<manager-contact>`, the source of its keys. Wording after Ogres Namsaimnieks' "Saziņa". */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'manager-contact': {
    heading: 'Saziņa',
    intro:
      'Šeit varat uzdot vispārīgus jautājumus pārvaldniekam. Iesniegumus par konkrētu darbību veikšanu noformējiet atbilstoši normatīvo aktu prasībām.',
    newThread: 'Jauns jautājums',
    threadsHeading: 'Jūsu jautājumi',
    empty: 'Jums vēl nav sarakstes ar pārvaldnieku.',
    status_open: 'Gaida atbildi',
    status_answered: 'Atbildēts',
    status_closed: 'Slēgts',
    messages: { zero: '{count} ziņu', one: '{count} ziņa', other: '{count} ziņas' },
    updated: 'Pēdējās izmaiņas {date}',
    subject: 'Temats',
    body: 'Jautājums',
    reply: 'Jūsu atbilde',
    file: 'Pielikums (nav obligāts)',
    fileHint: 'PDF, attēls (JPG, PNG) vai biroja dokuments, ne lielāks par {size}.',
    notify: 'Paziņot man uz e-pastu, kad pārvaldnieks atbildēs',
    send: 'Nosūtīt',
    sending: 'Sūta…',
    cancel: 'Atcelt',
    back: 'Atpakaļ uz jautājumiem',
    conversation: 'Sarakste',
    you: 'Jūs',
    attachment: 'Pielikums',
    download: 'Lejupielādēt',
    closedNote: 'Saruna ir slēgta. Ja Jums ir jauns jautājums, uzdodiet to atsevišķi.',
    created: 'Jautājums nosūtīts pārvaldniekam.',
    sent: 'Atbilde nosūtīta.',
    forbidden: 'Saziņa ar pārvaldnieku pieejama dzīvokļa īpašniekam un pilnvarotajai personai.',
    loginFirst: 'Lai sazinātos ar pārvaldnieku, pieslēdzieties.',
    noAddress: 'Jums vēl nav piesaistītu adrešu.',
    required: 'Šis lauks ir jāaizpilda.',
    too_long: 'Teksts ir pārāk garš: ne vairāk kā {max} rakstzīmes.',
    file_too_large: 'Fails ir pārāk liels. Pievienojiet failu, kas nav lielāks par {size}.',
    file_type_not_allowed: 'Šāda veida failu nevar pievienot. Pievienojiet PDF, attēlu (JPG, PNG) vai biroja dokumentu (DOCX, XLSX, ODT).',
    file_empty: 'Fails ir tukšs.',
    thread_closed: 'Saruna ir slēgta. Uzdodiet jautājumu no jauna.',
  },
} as const satisfies Dictionary;

type ManagerContactMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends ManagerContactMessages {}
}
