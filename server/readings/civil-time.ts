/**
 * @module
 * Calendar dates and the instants where they begin in a time zone, with nothing but `Intl`.
 *
 * Reading windows are written in calendar days ("the last two days of the month"), but the server
 * decides with instants. The bridge is `startOfDay(date, zone)`: the first instant of a local day.
 * It is usually local midnight, but on a day whose midnight a daylight-saving change skips (some
 * zones switch at 00:00) it is the moment of the switch, and when a fall-back repeats midnight it
 * is the earlier of the two. Riga switches at 03:00, so its days always start at 00:00 — but a
 * window that contains the spring change is an hour shorter, and that falls out of this model.
 */

/** A day on the calendar, without a time zone. `month` is 1–12. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function addDays(date: CivilDate, days: number): CivilDate {
  const at = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (date: CivilDate): number => new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD'. */
export const formatDate = (date: CivilDate): string => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

/** Whole days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: CivilDate, b: CivilDate): number =>
  Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD'; undefined for anything that is not a real calendar date. */
export function parseDate(text: string): CivilDate | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) return undefined;
  return date;
}

export const compareDates = (a: CivilDate, b: CivilDate): number => daysBetween(b, a);

// Formatters are costly to build and every request needs one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the zone (a tenant's time_zone is free text in the database). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts extends CivilDate {
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock at an instant in the zone, straight from Intl (slow: a formatToParts call). */
function intlParts(instant: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function intlOffset(instant: number, timeZone: string): number {
  const p = intlParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * Offsets change only at a zone's transitions, a few times a year and never twice within minutes,
 * so the offset is kept per zone and quarter of an hour: found once with Intl at both ends of the
 * quarter and kept when they agree. A quarter that holds a transition is not kept and asks Intl at
 * each instant. Formatting through Intl was a sixth of a meter-list request's time.
 */
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();

/** The zone's offset from UTC at an instant, in milliseconds (Riga: +2 h in winter, +3 h in summer). */
export function offsetAt(instant: number, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER_MS);
  const key = `${timeZone}|${quarter}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = intlOffset(quarter * QUARTER_MS, timeZone);
  if (start !== intlOffset((quarter + 1) * QUARTER_MS - 1000, timeZone)) return intlOffset(instant, timeZone);
  if (offsets.size >= 50_000) offsets.clear();
  offsets.set(key, start);
  return start;
}

export function localParts(instant: number, timeZone: string): LocalParts {
  // Whole seconds, as Intl shows them: the wall clock is the UTC fields of instant + offset.
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offsetAt(instant, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The calendar date an instant falls on in the zone. */
export function localDate(instant: Date, timeZone: string): CivilDate {
  const p = localParts(instant.getTime(), timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

// Windows ask for the same few days over and over; the answer for a day in a zone never changes.
const dayStarts = new Map<string, number>();

/** The first instant of a local day (see the module comment for the days a DST change touches). */
export function startOfDay(date: CivilDate, timeZone: string): Date {
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = findStartOfDay(date, timeZone);
    if (dayStarts.size >= 20_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return new Date(start);
}

function findStartOfDay(date: CivilDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  // The offset in force just before and just after the day covers any single change in between.
  const candidates = [...new Set([wall - offsetAt(wall - DAY_MS, timeZone), wall - offsetAt(wall + DAY_MS, timeZone)])].sort((a, b) => a - b);
  for (const instant of candidates) {
    const p = localParts(instant, timeZone);
    if (p.year === date.year && p.month === date.month && p.day === date.day && p.hour === 0 && p.minute === 0 && p.second === 0) {
      return instant;
    }
  }
  // Midnight does not exist that day: the day begins at the change, which falls on a whole second.
  let low = Math.floor(candidates[0]! / 1000) - 6 * 3600;
  let high = Math.ceil(candidates[candidates.length - 1]! / 1000) + 6 * 3600;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (compareDates(localDate(new Date(middle * 1000), timeZone), date) < 0) low = middle;
    else high = middle;
  }
  return high * 1000;
}
