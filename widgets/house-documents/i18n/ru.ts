/** @module Russian texts of `<house-documents>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const ru = {
  'house-documents': {
    heading: 'Дело дома',
    filter: 'Категория',
    allCategories: 'Все категории',
    category_estimate: 'Сметы',
    category_report: 'Отчёты о доходах и расходах',
    category_repair_plan: 'Сметы запланированных ремонтных работ',
    category_meeting_protocol: 'Протоколы общих собраний',
    category_other: 'Другие документы',
    withCount: '{name} ({count})',
    period_year: '{year} г.',
    period_quarter: '{part}-й квартал {year} г.',
    period_month: '{month} {year} г.',
    download: 'Скачать',
    locked: 'Доступно после надёжного входа',
    strongHeading: 'Часть документов доступна только после надёжного входа',
    strongText:
      'Протоколы собраний и другие документы с личными данными можно открыть, только если вы вошли через интернет-банк, eParaksts (eParaksts mobile или eID-карту) или Smart-ID. Выйдите и войдите снова одним из этих способов.',
    empty: 'Документов по этому дому пока нет.',
    forbidden: 'Документы дома видят владелец квартиры и уполномоченные лица.',
    loginFirst: 'Войдите, чтобы увидеть документы дома.',
    noAddress: 'К вашей учётной записи пока не привязан ни один адрес.',
    strongTextHere: 'Протоколы собраний и другие документы с личными данными открываются только после надёжного входа. Войдите одним из этих способов, и документы откроются здесь же.',
    openLocked: 'Открыть',
    strongLogin: 'Войти через {name}',
    strong_auth_required: 'Этот документ можно открыть только после входа через интернет-банк, eParaksts или Smart-ID.',
  },
} as const satisfies Translation<typeof lv>;
