/**
 * @module Latvian texts of `<household-users>`, the source of its keys. Wording from Latvijas
 * Gāze's portal ("LIETOTĀJI", "PIEVIENOT LIETOTĀJU", "rēķinu apskate", "skaitītāja rādījumu ziņošana").
 */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'household-users': {
    heading: 'Lietotāji',
    intro: 'Adresei {label} varat pievienot papildu lietotājus, piemēram, ģimenes locekli vai īrnieku, un izvēlēties, ko viņi drīkst darīt.',
    loginFirst: 'Pieslēdzieties, lai pārvaldītu lietotājus.',
    noAddress: 'Izvēlieties adresi.',
    notAllowed: 'Lietotājus var pievienot un mainīt tikai adreses īpašnieks vai pilnvarotā persona.',
    membersHeading: 'Papildu lietotāji',
    noMembers: 'Šai adresei vēl nav papildu lietotāju.',
    rightsLegend: 'Tiesības',
    invoices: 'Rēķinu apskate',
    readings: 'Skaitītāju rādījumu ziņošana',
    pickRight: 'Atzīmējiet vismaz vienu no tiesībām.',
    save: 'Saglabāt',
    saved: 'Lietotāja {name} tiesības saglabātas.',
    remove: 'Noņemt',
    confirmRemove: 'Vai tiešām noņemt lietotāja {name} piekļuvi šai adresei?',
    confirmYes: 'Jā, noņemt',
    cancel: 'Atcelt',
    removed: 'Lietotājs {name} vairs nevar piekļūt šai adresei.',
    invitationsHeading: 'Nosūtītie uzaicinājumi',
    validUntil: 'Derīgs līdz {date}',
    withdraw: 'Atsaukt',
    withdrawn: 'Uzaicinājums uz {email} atsaukts.',
    inviteHeading: 'Pievienot lietotāju',
    email: 'E-pasts',
    emailHint: 'Uz šo adresi nosūtīsim uzaicinājumu ar saiti, kas derīga ierobežotu laiku.',
    alsoPremises: 'Piešķirt piekļuvi arī šīm adresēm',
    language: 'Vēstules valoda',
    lv: 'latviešu',
    en: 'angļu',
    ru: 'krievu',
    submit: 'Pievienot lietotāju',
    submitting: 'Sūta uzaicinājumu…',
    invited: 'Uzaicinājums nosūtīts uz {email}.',
    already_has_access: 'Šai personai jau ir piekļuve šai adresei.',
  },
} as const satisfies Dictionary;

type HouseholdUsersMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends HouseholdUsersMessages {}
}
