/** @module English texts of `<notice-feed>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en = {
  'notice-feed': {
    heading: 'Notices',
    unread: { one: '{count} unread notice', other: '{count} unread notices' },
    pinnedHeading: 'Important',
    newHeading: 'New notices',
    allHeading: 'All notices',
    urgent: 'Urgent',
    new: 'New',
    empty: 'There are no notices.',
    loginFirst: 'Log in to see your notices.',
    noAddress: 'No addresses are linked to your account yet.',
    published: 'Published {date}',
    validUntil: 'Valid until {date} at {time}',
    attachments: 'Attachments',
    download: 'Download',
    back: 'Back to notices',
    openHint: 'Click a notice’s title to read all of it.',
    markedRead: 'The notice is marked as read.',
  },
} as const satisfies Translation<typeof lv>;
