/** @module Russian texts of `<consumption-history>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru: Translation<typeof lv> = {
  'consumption-history': {
    title: 'История потребления',
    loginFirst: 'Чтобы видеть историю потребления, войдите в портал клиентов.',
    noPremise: 'К вашей учётной записи пока не привязан ни один адрес.',
    noMeters: 'По этому адресу не зарегистрировано ни одного счётчика.',
    noRight: 'Ваши права по этому адресу не включают показания счётчиков.',
    noReadings: 'За это время показаний пока нет.',
    retry: 'Повторить',
    kind_cold_water: 'Холодная вода',
    kind_hot_water: 'Горячая вода',
    kind_heat: 'Тепловая энергия',
    kind_electricity: 'Электроэнергия',
    kind_gas: 'Газ',
    caption: '{kind} · {location}, счётчик № {serial}',
    summary: 'Расход по месяцам с {from} по {to}: в среднем {average} {unit} в месяц, больше всего {max} {unit} ({maxMonth}).',
    bar: '{month}: {value} {unit}',
    showTable: 'Показать таблицей',
    hideTable: 'Скрыть таблицу',
    month: 'Месяц',
    reading: 'Показание',
    consumption: 'Расход, {unit}',
    missing: 'нет показания',
    overMonths: { one: '(за {count} месяц)', few: '(за {count} месяца)', many: '(за {count} месяцев)', other: '(за {count} месяца)' },
  },
};
