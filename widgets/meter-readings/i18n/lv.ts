/**
 * @module
 * Latvian texts of `<meter-readings>`, the source of its keys. The wording follows what residents
 * already read in WebNams and Ludza's e-kabinets ("Rādījumus varēs nodot no: … līdz …").
 */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'meter-readings': {
    title: 'Skaitītāju rādījumi',
    loginFirst: 'Lai redzētu skaitītājus un nodotu rādījumus, pieslēdzieties klientu portālā.',
    noPremise: 'Jūsu kontam vēl nav piesaistīta neviena adrese.',
    noMeters: 'Šajā adresē nav reģistrētu skaitītāju.',
    noRight: 'Jūsu tiesības šajā adresē neietver skaitītāju rādījumus. Tās var piešķirt adreses īpašnieks.',
    readOnly: 'Jūs varat apskatīt rādījumus, bet nodot tos var adreses īpašnieks vai pilnvarotā persona.',
    retry: 'Mēģināt vēlreiz',
    kind_cold_water: 'Aukstais ūdens',
    kind_hot_water: 'Karstais ūdens',
    kind_heat: 'Siltumenerģija',
    kind_electricity: 'Elektroenerģija',
    kind_gas: 'Gāze',
    serialNumber: 'Skaitītāja Nr.',
    lastReading: 'Pēdējais rādījums',
    readingOn: '{value} {unit} ({date})',
    noReadingYet: 'vēl nav',
    verificationDue: 'Nākamā verificēšana',
    verificationUnknown: 'nav norādīta',
    verificationSoon: 'Tuvojas skaitītāja verificēšanas termiņš ({date}). Lūdzu, sazinieties ar apsaimniekotāju par skaitītāja verificēšanu vai nomaiņu.',
    verificationExpired: 'Skaitītāja verificēšanas termiņš beidzās {date}. Rādījumus nevar nodot, kamēr skaitītājs nav verificēts vai nomainīts.',
    windowOpen: 'Rādījumus var nodot līdz {to} (ieskaitot).',
    windowClosed: 'Rādījumus varēs nodot no: {from} līdz {to}',
    inputLabel: 'Jaunais rādījums, {unit}',
    inputHint: 'Var ievadīt bez nullēm sākumā. Decimāldaļu atdaliet ar komatu vai punktu.',
    submit: 'Nosūtīt',
    sending: 'Sūta…',
    periodReading: 'Šī perioda rādījums: {value} {unit}',
    consumption: 'Patēriņš: {value} {unit}',
    consumptionSinceStart: 'Patēriņš kopš skaitītāja uzstādīšanas: {value} {unit}',
    correctionHint: 'Līdz {to} rādījumu var labot, nosūtot jaunu vērtību.',
    received: 'Rādījums {value} {unit} saņemts {date} plkst. {time}.',
    receivedCorrection: 'Labotais rādījums {value} {unit} saņemts {date} plkst. {time}.',
    receivedAlready: 'Šis rādījums jau ir saņemts {date} plkst. {time}.',
    rigaTime: 'Rīgas laiks',
    confirmTitle: 'Patēriņš ir daudz lielāks nekā parasti',
    confirmText: 'Aprēķinātais patēriņš {consumption} {unit} pārsniedz ierasto ({average} {unit} mēnesī). Pārbaudiet, vai rādījums ievadīts pareizi.',
    sendAnyway: 'Nosūtīt tik un tā',
    fix: 'Labot rādījumu',
    'error.reading_window_closed': 'Rādījumu pieņemšanas laiks ir beidzies. Rādījumus varēs nodot no: {from} līdz {to}',
    'error.reading_below_previous': 'Rādījums nevar būt mazāks par iepriekšējo ({previous} {unit}). Pārbaudiet ievadīto vērtību.',
    'error.meter_verification_expired': 'Skaitītājam beidzies verificēšanas termiņš, tāpēc rādījumu nevar nodot.',
    'error.meter_removed': 'Šis skaitītājs ir noņemts, tam rādījumus vairs nepieņem.',
    'error.reading_value_required': 'Ievadiet rādījumu.',
    'error.reading_value_invalid': 'Ievadiet rādījumu ar cipariem, decimāldaļu atdalot ar komatu vai punktu.',
    'error.reading_value_negative': 'Rādījums nevar būt negatīvs.',
    'error.reading_value_too_large': 'Rādījums ir pārāk liels.',
    'error.reading_value_no_decimals': 'Ievadiet rādījumu bez decimāldaļas.',
    'error.reading_value_too_many_decimals': {
      zero: 'Aiz komata var būt ne vairāk kā {count} ciparu.',
      one: 'Aiz komata var būt tikai {count} cipars.',
      other: 'Aiz komata var būt ne vairāk kā {count} cipari.',
    },
  },
} as const satisfies Dictionary;

type MeterReadingsMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends MeterReadingsMessages {}
}
