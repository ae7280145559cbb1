/**
 * @module
 * When a manager may move a period's reading window (PUT /admin/reading-windows/{period}): the
 * rulebook, free of HTTP and SQL. A moved window must be a window: it closes after it opens, lasts
 * at most 62 days (two months of latecomers; anything longer is a typo in the year), ends after
 * its period has begun, belongs to a period at most a year back or ahead, and does not overlap the
 * window of another period for the premises it applies to: residents would not know which month a
 * reading goes to. Reopening a period months later ("pārrēķins") is allowed, as long as the window
 * does not collide with the months in between.
 */
import { startOfDay } from '../../readings/civil-time.ts';
import { addMonths, formatPeriod, monthsBetween, parsePeriod, type PeriodWindow } from '../../readings/window.ts';

export const MAX_WINDOW_DAYS = 62;
/** How far from the current month a period may be moved. */
export const MAX_PERIODS_AWAY = 12;
/** The periods on either side that a window of at most 62 days, opened anywhere, could reach. */
export const NEIGHBOUR_SPAN = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface OverrideRefusal {
  code: 'window_closes_before_opens' | 'window_too_long' | 'period_too_old' | 'period_too_far_ahead' | 'window_before_period' | 'window_overlaps';
  message: string;
  fields: Record<string, unknown>;
}

export interface ProposedWindow {
  period: string;
  opensAt: Date;
  closesAt: Date;
}

/** The periods whose windows a new window of `period` must not overlap. */
export function neighbourPeriods(period: string): string[] {
  const month = parsePeriod(period)!;
  const periods: string[] = [];
  for (let offset = -NEIGHBOUR_SPAN; offset <= NEIGHBOUR_SPAN; offset++) if (offset !== 0) periods.push(formatPeriod(addMonths(month, offset)));
  return periods;
}

/**
 * Why the window cannot be, or null when it can. `currentPeriod` is this month in the tenant's
 * zone; `neighbours` the windows in force of the other periods, for every set of premises the new
 * window would apply to (`building` names the set in the refusal: null for the tenant's).
 */
export function refuseOverride(
  proposed: ProposedWindow,
  context: { currentPeriod: string; timeZone: string; neighbours: readonly (PeriodWindow & { building: string | null })[] },
): OverrideRefusal | null {
  const { period, opensAt, closesAt } = proposed;
  const span = { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() };
  const away = monthsBetween(context.currentPeriod, period);
  if (away < -MAX_PERIODS_AWAY) {
    return { code: 'period_too_old', message: 'This period is too far in the past to take readings.', fields: { period, oldest: shift(context.currentPeriod, -MAX_PERIODS_AWAY) } };
  }
  if (away > MAX_PERIODS_AWAY) {
    return { code: 'period_too_far_ahead', message: 'This period is too far ahead.', fields: { period, latest: shift(context.currentPeriod, MAX_PERIODS_AWAY) } };
  }
  if (closesAt.getTime() <= opensAt.getTime()) {
    return { code: 'window_closes_before_opens', message: 'The window must close after it opens.', fields: span };
  }
  const days = (closesAt.getTime() - opensAt.getTime()) / DAY_MS;
  if (days > MAX_WINDOW_DAYS) {
    return { code: 'window_too_long', message: `A window lasts at most ${MAX_WINDOW_DAYS} days.`, fields: { ...span, maxDays: MAX_WINDOW_DAYS } };
  }
  const month = parsePeriod(period)!;
  const periodStarts = startOfDay({ ...month, day: 1 }, context.timeZone);
  if (closesAt.getTime() <= periodStarts.getTime()) {
    return { code: 'window_before_period', message: 'The window would close before its period begins.', fields: { ...span, periodStartsAt: periodStarts.toISOString() } };
  }
  const clash = context.neighbours.find(
    (w) => w.period !== period && opensAt.getTime() < w.closesAt.getTime() && w.opensAt.getTime() < closesAt.getTime(),
  );
  if (clash) {
    return {
      code: 'window_overlaps',
      message: `The window overlaps the window of ${clash.period}.`,
      fields: { ...span, other: { period: clash.period, building: clash.building, opensAt: clash.opensAt.toISOString(), closesAt: clash.closesAt.toISOString() } },
    };
  }
  return null;
}

const shift = (period: string, months: number) => formatPeriod(addMonths(parsePeriod(period)!, months));
