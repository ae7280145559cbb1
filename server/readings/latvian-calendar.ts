/**
 * @module
 * Which days are working days in Latvia, for window rules such as Latvijas Gāze's "until the
 * first working day of the next month".
 *
 * Three sources, in the order they apply:
 * 1. The law "Par svētku, atceres un atzīmējamām dienām": fixed holidays, the Easter holidays
 *    (Good Friday, Easter Sunday and Monday), and when 4 May or 18 November falls on a weekend the
 *    following Monday is a holiday too. Parliament also declares one-off holidays (below).
 * 2. The Cabinet's yearly order "Par darba dienu pārcelšanu": a working day squeezed between a
 *    holiday and a weekend becomes a day off and a Saturday of the same month is worked instead.
 *    The order binds state institutions and is recommended to everyone else; managers follow it,
 *    so we do too. It is issued by 1 July for the next year: add each new year here.
 * 3. Weekends.
 * A manager whose office keeps other days can still extend a period by hand (a window override).
 */
import { addDays, type CivilDate, dayOfWeek, formatDate } from './civil-time.ts';

/** One-off holidays declared by the Saeima. */
const SPECIAL_HOLIDAYS: readonly string[] = [
  '2018-07-09', // Song and Dance Festival closing (the day after)
  '2018-09-24', // Pope Francis's visit
  '2023-05-29', // the ice-hockey team's World Championship bronze
  '2023-07-10', // Song and Dance Festival closing (the day after)
];

/** Moved working days by Cabinet order: [day off, Saturday worked instead]. */
const MOVED_WORKING_DAYS: readonly (readonly [string, string])[] = [
  ['2018-04-30', '2018-04-21'],
  ['2020-06-22', '2020-06-13'],
  ['2021-05-03', '2021-05-08'],
  ['2021-06-25', '2021-06-19'],
  ['2021-11-19', '2021-11-13'],
  ['2023-05-05', '2023-05-20'],
  ['2024-12-23', '2024-12-14'],
  ['2024-12-30', '2024-12-28'],
  ['2025-05-02', '2025-05-10'],
  ['2025-11-17', '2025-11-08'],
  ['2026-01-02', '2026-01-17'],
  ['2026-06-22', '2026-06-27'],
];

const MOVED_DAYS_OFF = new Set(MOVED_WORKING_DAYS.map(([off]) => off));
const WORKED_SATURDAYS = new Set(MOVED_WORKING_DAYS.map(([, worked]) => worked));

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const holidayCache = new Map<number, ReadonlySet<string>>();

/** Every public holiday of a year, as 'YYYY-MM-DD'. */
export function publicHolidays(year: number): ReadonlySet<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set<string>();
  const add = (month: number, day: number) => days.add(formatDate({ year, month, day }));
  // A holiday on a weekend moves to the next Monday only for these two (and only since 2007/2008).
  const addWithMondayIfWeekend = (month: number, day: number) => {
    const date = { year, month, day };
    days.add(formatDate(date));
    const weekday = dayOfWeek(date);
    if (weekday === 6) days.add(formatDate(addDays(date, 2)));
    if (weekday === 0) days.add(formatDate(addDays(date, 1)));
  };
  add(1, 1);
  const easter = easterSunday(year);
  for (const offset of [-2, 0, 1]) days.add(formatDate(addDays(easter, offset)));
  add(5, 1);
  addWithMondayIfWeekend(5, 4);
  add(6, 23);
  add(6, 24);
  addWithMondayIfWeekend(11, 18);
  add(12, 24);
  add(12, 25);
  add(12, 26);
  add(12, 31);
  for (const special of SPECIAL_HOLIDAYS) if (special.startsWith(`${year}-`)) days.add(special);
  holidayCache.set(year, days);
  return days;
}

export function isPublicHoliday(date: CivilDate): boolean {
  return publicHolidays(date.year).has(formatDate(date));
}

export function isWorkingDay(date: CivilDate): boolean {
  const key = formatDate(date);
  if (WORKED_SATURDAYS.has(key)) return true;
  if (MOVED_DAYS_OFF.has(key)) return false;
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !isPublicHoliday(date);
}

/** The n-th working day (1 = first) counting from `from` itself. */
export function nthWorkingDayFrom(from: CivilDate, n: number): CivilDate {
  let date = from;
  let seen = 0;
  // Latvia never has more than a handful of days off in a row; the bound only guards the loop.
  for (let step = 0; step < 400; step++) {
    if (isWorkingDay(date) && ++seen === n) return date;
    date = addDays(date, 1);
  }
  throw new Error('no working day found');
}
