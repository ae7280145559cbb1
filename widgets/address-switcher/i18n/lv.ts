/** @module Latvian texts of `<address-switcher>`, the source of its keys. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'address-switcher': {
    label: 'Adrese',
    option: '{label} ({account})',
    none: 'Jūsu profilam vēl nav piesaistīta neviena adrese.',
    changed: 'Aktīvā adrese: {label}',
    roleOwner: 'Īpašnieks',
    roleProxy: 'Pilnvarotā persona',
    roleMember: 'Papildu lietotājs',
    count: {
      zero: '{count} adrešu',
      one: '{count} adrese',
      other: '{count} adreses',
    },
  },
} as const satisfies Dictionary;

type AddressSwitcherMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends AddressSwitcherMessages {}
}
