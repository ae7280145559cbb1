/** @module Russian texts of `<address-switcher>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
  'address-switcher': {
    label: 'Адрес',
    option: '{label} ({account})',
    none: 'К вашему профилю пока не привязан ни один адрес.',
    changed: 'Активный адрес: {label}',
    roleOwner: 'Владелец',
    roleProxy: 'Уполномоченное лицо',
    roleMember: 'Дополнительный пользователь',
    count: {
      one: '{count} адрес',
      few: '{count} адреса',
      many: '{count} адресов',
      other: '{count} адреса',
    },
  },
};
