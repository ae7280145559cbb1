/** @module Latvian texts of `<house-documents>`, the source of its keys. Wording after Ogres Namsaimnieks. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'house-documents': {
    heading: 'Mājas lieta',
    filter: 'Kategorija',
    allCategories: 'Visas kategorijas',
    category_estimate: 'Tāmes',
    category_report: 'Ieņēmumu un izdevumu pārskati',
    category_repair_plan: 'Plānoto remontdarbu tāmes',
    category_meeting_protocol: 'Kopsapulču protokoli',
    category_other: 'Citi dokumenti',
    withCount: '{name} ({count})',
    period_year: '{year}. gads',
    period_quarter: '{year}. gada {part}. ceturksnis',
    period_month: '{month} {year}',
    download: 'Lejupielādēt',
    locked: 'Pieejams pēc drošas pieslēgšanās',
    strongHeading: 'Daļa dokumentu pieejama tikai pēc drošas pieslēgšanās',
    strongText:
      'Kopsapulču protokolus un citus dokumentus ar personas datiem var atvērt tikai tad, ja esat pieslēdzies ar internetbanku, eParakstu (eParaksts mobile vai eID karti) vai Smart-ID. Izejiet no portāla un pieslēdzieties vēlreiz, izvēloties kādu no šiem veidiem.',
    empty: 'Šai mājai dokumentu vēl nav.',
    forbidden: 'Mājas lietas dokumentus redz dzīvokļa īpašnieks un pilnvarotā persona.',
    loginFirst: 'Lai redzētu mājas dokumentus, pieslēdzieties.',
    noAddress: 'Jums vēl nav piesaistītu adrešu.',
    strongTextHere: 'Kopsapulču protokolus un citus dokumentus ar personas datiem var atvērt tikai pēc drošas pieslēgšanās. Pieslēdzieties ar kādu no šiem veidiem, un dokumenti atvērsies turpat.',
    openLocked: 'Atvērt',
    strongLogin: 'Pieslēgties ar {name}',
    strong_auth_required: 'Šo dokumentu var atvērt tikai pēc pieslēgšanās ar internetbanku, eParakstu vai Smart-ID.',
  },
} as const satisfies Dictionary;

type HouseDocumentsMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends HouseDocumentsMessages {}
}
