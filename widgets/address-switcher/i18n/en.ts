/** @module English texts of `<address-switcher>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  'address-switcher': {
    label: 'Address',
    option: '{label} ({account})',
    none: 'No address is linked to your profile yet.',
    changed: 'Active address: {label}',
    roleOwner: 'Owner',
    roleProxy: 'Authorised person',
    roleMember: 'Household user',
    count: {
      one: '{count} address',
      other: '{count} addresses',
    },
  },
};
