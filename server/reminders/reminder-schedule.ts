/**
 * @module
 * When the reading reminders are due: the rulebook, pure, as the manager would say it.
 *
 * - **Window opens** — when a period's window opens.
 * - **Last day** — at the tenant's hour (`settings.lastDayReminderHour`, default 10:00 local) on
 *   the window's last day; never before the window opens.
 *
 * Both come from the window in force (server/readings/window.ts): the tenant's rule, replaced by
 * the tenant's override for the period, and for a building with an override of its own, that
 * building's. So a window the manager moved moves its reminders: the planner asks this module
 * again every minute, and the moved window's times are the ones it answers. A reminder is due
 * from its time until the window closes; a planner that was down when it came due sends it late
 * rather than never, and only the later kind when both are due (the last-day reminder says
 * everything the opening one would).
 *
 * Each due reminder names its *scope*: null for the premises that follow the tenant's window, or
 * one building whose override differs. Who receives it, and that nobody receives it twice, is the
 * sender's business (reminder-jobs.ts).
 */
import { localParts, offsetAt, parseDate } from '../readings/civil-time.ts';
import { candidatePeriods, overridesFor, windowOfPeriod, type PeriodWindow, type ReadingWindowRule, type ScopedWindowOverride } from '../readings/window.ts';

export type ReminderKind = 'window_open' | 'last_day';

export interface ReminderPolicy {
  rule: ReadingWindowRule;
  timeZone: string;
  /** Local hour (0–23) of the last-day reminder. */
  lastDayHour: number;
}

export interface DueReminder {
  kind: ReminderKind;
  period: string;
  /** null: premises following the tenant's window; otherwise the one building with its own override. */
  buildingId: string | null;
  dueAt: Date;
  window: PeriodWindow;
}

export const DEFAULT_LAST_DAY_HOUR = 10;

/** The hour a tenant set for the last-day reminder, or the default when unset or malformed. */
export function lastDayHourOf(settings: unknown): number {
  const value = (settings as { lastDayReminderHour?: unknown } | null)?.lastDayReminderHour;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 23 ? value : DEFAULT_LAST_DAY_HOUR;
}

/** The instant a local wall-clock time (date 'YYYY-MM-DD', hour) happens in the zone. */
export function atLocalHour(date: string, hour: number, timeZone: string): Date {
  const day = parseDate(date)!;
  const wall = Date.UTC(day.year, day.month - 1, day.day, hour);
  // The offsets in force a day before and a day after cover any single DST change in between.
  const candidates = [wall - offsetAt(wall - DAY_MS, timeZone), wall - offsetAt(wall + DAY_MS, timeZone)].sort((a, b) => a - b);
  // The earlier of the two when the hour happens twice (autumn).
  const exact = candidates.find((instant) => localParts(instant, timeZone).hour === hour);
  // An hour the spring change skips: the first moment after it, where the wall clock resumes.
  return new Date(exact ?? candidates[1]!);
}

const DAY_MS = 24 * 3600_000;

/** Both reminders of one window, in time order. */
export function remindersOfWindow(window: PeriodWindow, policy: ReminderPolicy): Array<{ kind: ReminderKind; dueAt: Date }> {
  const lastDay = atLocalHour(window.lastDay, policy.lastDayHour, policy.timeZone);
  return [
    { kind: 'window_open', dueAt: window.opensAt },
    { kind: 'last_day', dueAt: new Date(Math.max(lastDay.getTime(), window.opensAt.getTime())) },
  ];
}

/**
 * The reminders due at `now`, one per window in force (the tenant's and each building override's)
 * whose window is open: its latest kind whose time has come.
 */
export function dueReminders(policy: ReminderPolicy, overrides: readonly ScopedWindowOverride[], now: Date): DueReminder[] {
  const periods = new Set(candidatePeriods(now, policy.timeZone));
  for (const o of overrides) periods.add(o.period);
  const scopes: Array<string | null> = [null, ...new Set(overrides.flatMap((o) => (o.buildingId ? [o.buildingId] : [])))];
  const due: DueReminder[] = [];
  const at = now.getTime();
  for (const buildingId of scopes) {
    const inForce = overridesFor(buildingId, overrides);
    for (const period of [...periods].sort()) {
      // A building is its own scope only for the periods its override changes.
      if (buildingId !== null && !overrides.some((o) => o.buildingId === buildingId && o.period === period)) continue;
      const window = windowOfPeriod(policy.rule, period, policy.timeZone, inForce);
      if (at < window.opensAt.getTime() || at >= window.closesAt.getTime()) continue;
      const latest = remindersOfWindow(window, policy).filter((r) => r.dueAt.getTime() <= at).at(-1);
      if (latest) due.push({ kind: latest.kind, period, buildingId, dueAt: latest.dueAt, window });
    }
  }
  return due;
}
