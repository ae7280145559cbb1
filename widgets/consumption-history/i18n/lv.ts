/** @module Latvian texts of `<consumption-history>`, the source of its keys. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'consumption-history': {
    title: 'Patēriņa vēsture',
    loginFirst: 'Lai redzētu patēriņa vēsturi, pieslēdzieties klientu portālā.',
    noPremise: 'Jūsu kontam vēl nav piesaistīta neviena adrese.',
    noMeters: 'Šajā adresē nav reģistrētu skaitītāju.',
    noRight: 'Jūsu tiesības šajā adresē neietver skaitītāju rādījumus.',
    noReadings: 'Par šo laiku rādījumu vēl nav.',
    retry: 'Mēģināt vēlreiz',
    kind_cold_water: 'Aukstais ūdens',
    kind_hot_water: 'Karstais ūdens',
    kind_heat: 'Siltumenerģija',
    kind_electricity: 'Elektroenerģija',
    kind_gas: 'Gāze',
    caption: '{kind} · {location}, skaitītāja Nr. {serial}',
    summary: 'Patēriņš pa mēnešiem no {from} līdz {to}: vidēji {average} {unit} mēnesī, visvairāk {max} {unit} ({maxMonth}).',
    bar: '{month}: {value} {unit}',
    showTable: 'Rādīt tabulu',
    hideTable: 'Slēpt tabulu',
    month: 'Mēnesis',
    reading: 'Rādījums',
    consumption: 'Patēriņš, {unit}',
    missing: 'nav rādījuma',
    overMonths: {
      zero: '(par {count} mēnešiem)',
      one: '(par {count} mēnesi)',
      other: '(par {count} mēnešiem)',
    },
  },
} as const satisfies Dictionary;

type ConsumptionHistoryMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends ConsumptionHistoryMessages {}
}
