/**
 * @module
 * The reading window: when a manager accepts meter readings, and which period a reading belongs
 * to. Every tenant stores its rule in `tenants.reading_window`; the kinds below express the real
 * rules of Latvian managers:
 *
 * - `month_end` — the last `lastDays` calendar days of the month and the first `nextMonthDays`
 *   of the next. Ogres Namsaimnieks: `{"kind":"month_end","lastDays":2,"nextMonthDays":1}`, so
 *   May 2026 is open 30.05.2026 00:00 – 01.06.2026 23:59:59 Riga time.
 * - `fixed_days` — from `fromDay` to `toDay` of the month (`"last"` = its last day; a day beyond
 *   a short month means its last day). APSE: `{"kind":"fixed_days","fromDay":25,"toDay":28}`;
 *   Preiļi: `{"kind":"fixed_days","fromDay":25,"toDay":"last"}`.
 * - `until_working_day` — from `fromDay` of the month to the end of the `workingDay`-th working
 *   day of the next month (Latvian weekends, holidays and moved days skipped). Latvijas Gāze:
 *   `{"kind":"until_working_day","fromDay":27,"workingDay":1}`.
 *
 * A window spans whole local days in the tenant's time zone and belongs to the period (YYYY-MM)
 * of the month it starts in. A manager may replace one period's window by hand
 * (`reading_window_overrides`, e.g. to extend it over holidays or an outage), for the whole tenant
 * or for one building; the override wins, and a building's wins over the tenant's for its premises.
 * All functions here are pure: the caller passes the moment, the zone and the overrides.
 */
import { z } from 'zod';
import { addDays, type CivilDate, daysInMonth, formatDate, localDate, startOfDay } from './civil-time.ts';
import { nthWorkingDayFrom } from './latvian-calendar.ts';

const Day = z.number().int().min(1).max(31);

export const ReadingWindowRuleSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('month_end'),
      lastDays: z.number().int().min(0).max(15),
      nextMonthDays: z.number().int().min(0).max(15),
    })
    .refine((rule) => rule.lastDays + rule.nextMonthDays >= 1, { message: 'the window needs at least one day', path: ['lastDays'] }),
  z
    .strictObject({ kind: z.literal('fixed_days'), fromDay: Day, toDay: z.union([Day, z.literal('last')]) })
    .refine((rule) => rule.toDay === 'last' || rule.fromDay <= rule.toDay, { message: 'fromDay must not be after toDay', path: ['toDay'] }),
  z.strictObject({
    kind: z.literal('until_working_day'),
    fromDay: Day,
    workingDay: z.number().int().min(1).max(10).default(1),
  }),
]);

export type ReadingWindowRule = z.infer<typeof ReadingWindowRuleSchema>;

/** The column's default, used when a tenant's stored rule cannot be read. */
export const DEFAULT_WINDOW_RULE: ReadingWindowRule = { kind: 'month_end', lastDays: 2, nextMonthDays: 1 };

/** A manager's hand-set window for one period (a row of reading_window_overrides). */
export interface WindowOverride {
  period: string;
  opensAt: Date;
  closesAt: Date;
}

/** An override as stored: for the whole tenant (buildingId null) or for one building. */
export interface ScopedWindowOverride extends WindowOverride {
  buildingId: string | null;
}

/**
 * The overrides in force for the premises of one building (null: a building without overrides of
 * its own): per period, the building's override if it has one, else the tenant's. The resident
 * path makes the same choice in SQL (readings.repository.ts, WINDOW_OVERRIDES).
 */
export function overridesFor(buildingId: string | null, overrides: readonly ScopedWindowOverride[]): WindowOverride[] {
  const byPeriod = new Map<string, ScopedWindowOverride>();
  for (const o of overrides) {
    if (o.buildingId !== null && o.buildingId !== buildingId) continue;
    const held = byPeriod.get(o.period);
    if (!held || (held.buildingId === null && o.buildingId !== null)) byPeriod.set(o.period, o);
  }
  return [...byPeriod.values()].map(({ period, opensAt, closesAt }) => ({ period, opensAt, closesAt }));
}

export interface PeriodWindow {
  period: string;
  /** The first instant of the window. */
  opensAt: Date;
  /** The first instant after the window (exclusive end). */
  closesAt: Date;
  /** The first and the last local day of the window, for people: "no 30.05.2026 līdz 01.06.2026". */
  firstDay: string;
  lastDay: string;
  source: 'rule' | 'override';
}

export interface WindowState extends PeriodWindow {
  /** Open now: readings go to `period`. Closed: this is the next window. */
  open: boolean;
}

/** A month, as the period key 'YYYY-MM'. */
export interface Month {
  year: number;
  month: number;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(period: string): Month | undefined {
  const match = PERIOD.exec(period);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : undefined;
}

export const formatPeriod = (m: Month): string => `${String(m.year).padStart(4, '0')}-${String(m.month).padStart(2, '0')}`;

export function addMonths(m: Month, count: number): Month {
  const index = m.year * 12 + (m.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Months from `a` to `b` ('2026-03' → '2026-05' is 2). */
export function monthsBetween(a: string, b: string): number {
  const from = parsePeriod(a);
  const to = parsePeriod(b);
  if (!from || !to) return 0;
  return to.year * 12 + to.month - (from.year * 12 + from.month);
}

/** The local days of a period's window under a rule (before overrides). */
export function windowDays(rule: ReadingWindowRule, period: Month): { first: CivilDate; last: CivilDate } {
  const length = daysInMonth(period.year, period.month);
  const next = addMonths(period, 1);
  const day = (d: number): CivilDate => ({ year: period.year, month: period.month, day: Math.min(d, length) });
  switch (rule.kind) {
    case 'month_end': {
      const lastOfMonth = day(length);
      const first = rule.lastDays > 0 ? addDays(lastOfMonth, 1 - Math.min(rule.lastDays, length)) : { ...next, day: 1 };
      const last = rule.nextMonthDays > 0 ? { ...next, day: rule.nextMonthDays } : lastOfMonth;
      return { first, last };
    }
    case 'fixed_days':
      return { first: day(rule.fromDay), last: day(rule.toDay === 'last' ? length : rule.toDay) };
    case 'until_working_day':
      return { first: day(rule.fromDay), last: nthWorkingDayFrom({ ...next, day: 1 }, rule.workingDay) };
  }
}

/** The window of one period: the manager's override if there is one, the rule's otherwise. */
export function windowOfPeriod(rule: ReadingWindowRule, period: string, timeZone: string, overrides: readonly WindowOverride[] = []): PeriodWindow {
  const month = parsePeriod(period);
  if (!month) throw new RangeError(`not a period: ${period}`);
  const override = overrides.find((o) => o.period === period);
  if (override) {
    return {
      period,
      opensAt: override.opensAt,
      closesAt: override.closesAt,
      firstDay: formatDate(localDate(override.opensAt, timeZone)),
      lastDay: formatDate(localDate(new Date(override.closesAt.getTime() - 1), timeZone)),
      source: 'override',
    };
  }
  const { first, last } = windowDays(rule, month);
  return {
    period,
    opensAt: startOfDay(first, timeZone),
    closesAt: startOfDay(addDays(last, 1), timeZone),
    firstDay: formatDate(first),
    lastDay: formatDate(last),
    source: 'rule',
  };
}

/**
 * The periods whose windows can matter at `now`: the rule's windows lie in their own month and the
 * start of the next, so last month's may still be open and next month's is the latest that can be
 * "next". Overrides can move a window anywhere, so their periods are added by the caller's list.
 */
export function candidatePeriods(now: Date, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  return [-1, 0, 1, 2].map((offset) => formatPeriod(addMonths(today, offset)));
}

/** Is the window open at `now`, for which period, and when does it (or the next one) open and close. */
export function readingWindowAt(rule: ReadingWindowRule, now: Date, timeZone: string, overrides: readonly WindowOverride[] = []): WindowState {
  const periods = new Set(candidatePeriods(now, timeZone));
  for (const o of overrides) periods.add(o.period);
  const windows = [...periods].sort().map((period) => windowOfPeriod(rule, period, timeZone, overrides));
  const at = now.getTime();
  // Should overrides make two windows overlap, the later period wins: it is the one residents
  // are being asked for now, and the earlier one was only kept open for latecomers.
  const open = windows.filter((w) => w.opensAt.getTime() <= at && at < w.closesAt.getTime()).at(-1);
  if (open) return { ...open, open: true };
  const upcoming = windows.filter((w) => w.opensAt.getTime() > at).sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime())[0];
  // Four consecutive months always include a future window unless overrides closed them all.
  const next = upcoming ?? windowOfPeriod(rule, formatPeriod(addMonths(localDate(now, timeZone), 3)), timeZone);
  return { ...next, open: false };
}

/** The tenant's stored rule, or the default when it does not validate (logged by the caller). */
export function readRule(stored: unknown): { rule: ReadingWindowRule; valid: boolean } {
  const parsed = ReadingWindowRuleSchema.safeParse(stored);
  return parsed.success ? { rule: parsed.data, valid: true } : { rule: DEFAULT_WINDOW_RULE, valid: false };
}

/**
 * The window in force at `now` (open, or the next to open) and the `count - 1` periods after it:
 * what a manager sees as the preview of a rule (GET/POST /admin/settings/window-preview).
 */
export function upcomingWindows(rule: ReadingWindowRule, now: Date, timeZone: string, overrides: readonly WindowOverride[] = [], count = 12): PeriodWindow[] {
  const first = readingWindowAt(rule, now, timeZone, overrides);
  const start = parsePeriod(first.period)!;
  return Array.from({ length: count }, (_, index) => windowOfPeriod(rule, formatPeriod(addMonths(start, index)), timeZone, overrides));
}
