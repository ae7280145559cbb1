/**
 * @module
 * Calendar arithmetic for the demo fixture: periods ('YYYY-MM'), local dates ('YYYY-MM-DD') and
 * wall-clock times in the tenant's time zone. The fixture is described the way a manager would
 * describe it ("readings on the last day of the month at 18:00 in Riga"), so it needs to turn a
 * local time into an instant across daylight-saving changes. The time-zone arithmetic itself is
 * the readings' (server/readings/civil-time.ts); this file only speaks in the fixture's strings.
 */
import { formatDate, localDate as civilLocalDate, offsetAt } from '../readings/civil-time.ts';

export interface Period {
  year: number;
  /** 1–12 */
  month: number;
}

export function formatPeriod(period: Period): string {
  return `${period.year}-${String(period.month).padStart(2, '0')}`;
}

export function addMonths(period: Period, months: number): Period {
  const index = period.year * 12 + (period.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function daysInMonth(period: Period): number {
  return new Date(Date.UTC(period.year, period.month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' of a day in a period; `day` may be negative to count from the month's end (-1 = last day). */
export function dateInPeriod(period: Period, day: number): string {
  const resolved = day > 0 ? day : daysInMonth(period) + 1 + day;
  return `${formatPeriod(period)}-${String(resolved).padStart(2, '0')}`;
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return formatDate(civilLocalDate(instant, timeZone));
}

export function periodOfDate(date: string): Period {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** The instant at which the wall clock in `timeZone` shows `date` `time` ('HH:MM'). */
export function localTime(date: string, time: string, timeZone: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  // The zone's offset at the naive instant, then once more at the corrected one, which settles
  // it everywhere except inside a DST gap (never used: the fixture keeps to daytime hours).
  let instant = naive - offsetAt(naive, timeZone);
  instant = naive - offsetAt(instant, timeZone);
  return new Date(instant);
}

