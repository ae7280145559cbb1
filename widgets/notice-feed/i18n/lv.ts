/** @module Latvian texts of `<notice-feed>`, the source of its keys. Wording after Ludza's e-kabinets. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'notice-feed': {
    heading: 'Paziņojumi',
    unread: {
      zero: '{count} nelasītu paziņojumu',
      one: '{count} nelasīts paziņojums',
      other: '{count} nelasīti paziņojumi',
    },
    pinnedHeading: 'Svarīgi',
    newHeading: 'Jaunie paziņojumi',
    allHeading: 'Visi paziņojumi',
    urgent: 'Steidzami',
    new: 'Jauns',
    empty: 'Paziņojumu nav.',
    loginFirst: 'Lai redzētu paziņojumus, pieslēdzieties.',
    noAddress: 'Jums vēl nav piesaistītu adrešu.',
    published: 'Publicēts {date}',
    validUntil: 'Spēkā līdz {date} plkst. {time}',
    attachments: 'Pielikumi',
    download: 'Lejupielādēt',
    back: 'Atpakaļ uz paziņojumiem',
    openHint: 'Lai izlasītu visu paziņojumu, uzklikšķiniet uz tā virsraksta.',
    markedRead: 'Paziņojums atzīmēts kā izlasīts.',
  },
} as const satisfies Dictionary;

type NoticeFeedMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends NoticeFeedMessages {}
}
