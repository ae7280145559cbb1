/**
 * @module
 * How `<invoice-list>` writes money, dates and periods, through `Intl` in the reader's language.
 * Money always groups thousands (Latvian CLDR data would leave "1234,56 €" ungrouped, while bills
 * and banks write "1 234,56 €"). API dates are calendar dates ('YYYY-MM-DD'), formatted in UTC so
 * that no time zone can move them to the day before.
 */
import { localeFor, type Language } from '../core/i18n/messages.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) cache.set(key, (format = new Intl.NumberFormat(localeFor(language), options)));
  return format;
}

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${language}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) cache.set(key, (format = new Intl.DateTimeFormat(localeFor(language), { ...options, timeZone: 'UTC' })));
  return format;
}

/** "1234.56" → lv "1 234,56 €", ru "1 234,56 €", en "€1,234.56". */
export function formatMoney(language: Language, amount: string): string {
  return numberFormat(language, { style: 'currency', currency: 'EUR', useGrouping: 'always' } as Intl.NumberFormatOptions).format(Number(amount));
}

/** The amount as a bank's amount field takes it: no grouping, no currency, the reader's decimal mark. */
export function formatAmountForCopy(language: Language, amount: string): string {
  return numberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(Number(amount));
}

const calendarDate = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
};

/** '2026-05-05' → lv/ru "05.05.2026", en "05/05/2026". */
export function formatIsoDate(language: Language, iso: string): string {
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(calendarDate(iso));
}

/** '2026-04' → lv "2026. g. aprīlis", ru "Апрель 2026 г.", en "April 2026". */
export function formatPeriod(language: Language, period: string): string {
  const text = dateFormat(language, { month: 'long', year: 'numeric' }).format(calendarDate(`${period}-01`));
  return text.charAt(0).toLocaleUpperCase(localeFor(language)) + text.slice(1);
}

/** An IBAN in groups of four, as printed on bills: "LV80 BANK 0000 4351 9500 1". */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
