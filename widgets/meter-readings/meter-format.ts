/**
 * @module
 * How meter figures look to a resident: decimal strings from the API in the reader's language
 * ("148,500" in Latvian), units as printed on meters ("m³"), and the API's calendar days
 * ('YYYY-MM-DD') as dates without any time-zone shift.
 */
import type { Language } from '../core/i18n/messages.ts';
import { formatDate, formatNumber } from '../core/i18n/messages.ts';

const UNITS: Record<string, string> = { m3: 'm³', kwh: 'kWh', mwh: 'MWh', gj: 'GJ' };

export function unitSymbol(unit: string): string {
  return UNITS[unit.toLowerCase()] ?? unit;
}

/** A decimal string with exactly `decimals` places, in the language's notation. */
export function formatReading(language: Language, value: string, decimals: number): string {
  return formatNumber(language, Number(value), { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A calendar day of the API ('2026-05-30') as the language writes it (30.05.2026). */
export function formatDay(language: Language, day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return formatDate(language, new Date(Date.UTC(year!, month! - 1, date!)), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
}

/** A period ('2026-05') as a month name, long ("maijs 2026") or short ("05.26"). */
export function formatPeriod(language: Language, period: string, style: 'long' | 'short'): string {
  const [year, month] = period.split('-').map(Number);
  const at = new Date(Date.UTC(year!, month! - 1, 15));
  const options: Intl.DateTimeFormatOptions =
    style === 'long' ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' };
  return formatDate(language, at, options);
}

/**
 * The name of the manager's time zone for "plkst. 10:00 (Rīgas laiks)": Riga's in the residents'
 * own words (`riga`), any other zone by the name `Intl` knows ("Central European Time").
 */
export function timeZoneName(language: Language, timeZone: string, riga: string): string {
  if (timeZone === 'Europe/Riga') return riga;
  const format = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'longGeneric' });
  return format.formatToParts(new Date()).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
