/** @module Russian texts of `<notice-feed>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru = {
  'notice-feed': {
    heading: 'Уведомления',
    unread: {
      one: '{count} непрочитанное уведомление',
      few: '{count} непрочитанных уведомления',
      many: '{count} непрочитанных уведомлений',
      other: '{count} непрочитанного уведомления',
    },
    pinnedHeading: 'Важно',
    newHeading: 'Новые уведомления',
    allHeading: 'Все уведомления',
    urgent: 'Срочно',
    new: 'Новое',
    empty: 'Уведомлений нет.',
    loginFirst: 'Войдите, чтобы увидеть уведомления.',
    noAddress: 'К вашей учётной записи пока не привязан ни один адрес.',
    published: 'Опубликовано {date}',
    validUntil: 'Действует до {date} {time}',
    attachments: 'Вложения',
    download: 'Скачать',
    back: 'Назад к уведомлениям',
    openHint: 'Чтобы прочитать уведомление полностью, нажмите на его заголовок.',
    markedRead: 'Уведомление отмечено как прочитанное.',
  },
} as const satisfies Translation<typeof lv>;
