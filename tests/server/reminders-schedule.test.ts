/**
 * When reading reminders are due (server/reminders/reminder-schedule.ts), over a whole simulated
 * year of the four real window rules with the clock moved an hour at a time: each period gets its
 * window-opening reminder when the window opens and its last-day reminder at the tenant's hour of
 * the last day, each once; a moved window moves its reminders; a building's own window gives its
 * own reminders; a holiday shifts the Latvijas Gāze window's last day.
 */
import { describe, expect, test } from 'vitest';
import { atLocalHour, dueReminders, type ReminderPolicy } from '../../server/reminders/reminder-schedule.ts';
import type { ReadingWindowRule, ScopedWindowOverride } from '../../server/readings/window.ts';

const ZONE = 'Europe/Riga';
const HOUR = 3600_000;

/** Moves the clock through [from, to) an hour at a time; the first moment each (period, kind, scope) came due. */
function simulate(policy: ReminderPolicy, overrides: ScopedWindowOverride[], from: string, to: string) {
  const first = new Map<string, { at: Date; dueAt: Date }>();
  for (let t = new Date(from).getTime(); t < new Date(to).getTime(); t += HOUR) {
    for (const r of dueReminders(policy, overrides, new Date(t))) {
      const key = `${r.period} ${r.kind} ${r.buildingId ?? 'tenant'}`;
      if (!first.has(key)) first.set(key, { at: new Date(t), dueAt: r.dueAt });
    }
  }
  return first;
}

const riga = (local: string) => atLocalHour(local.slice(0, 10), Number(local.slice(11, 13)), ZONE).toISOString();

const RULES: Array<[string, ReadingWindowRule, Record<string, [string, string]>]> = [
  // period → [opens (local), last day]
  ['Ogre (last 2 days + the 1st)', { kind: 'month_end', lastDays: 2, nextMonthDays: 1 }, { '2026-02': ['2026-02-27', '2026-03-01'], '2026-05': ['2026-05-30', '2026-06-01'], '2026-12': ['2026-12-30', '2027-01-01'] }],
  ['APSE (25th–28th)', { kind: 'fixed_days', fromDay: 25, toDay: 28 }, { '2026-02': ['2026-02-25', '2026-02-28'], '2026-05': ['2026-05-25', '2026-05-28'] }],
  ['Preiļi (25th–last)', { kind: 'fixed_days', fromDay: 25, toDay: 'last' }, { '2026-02': ['2026-02-25', '2026-02-28'], '2026-04': ['2026-04-25', '2026-04-30'] }],
  // 1 May (Friday) and 4 May (Monday) are holidays: the first working day of May 2026 is the 5th.
  ['Latvijas Gāze (27th – 1st working day)', { kind: 'until_working_day', fromDay: 27, workingDay: 1 }, { '2026-04': ['2026-04-27', '2026-05-05'], '2026-10': ['2026-10-27', '2026-11-02'] }],
];

describe.each(RULES)('a year of %s', (_name, rule, samples) => {
  const policy: ReminderPolicy = { rule, timeZone: ZONE, lastDayHour: 10 };
  const year = simulate(policy, [], '2026-01-01T00:00:00+02:00', '2027-01-05T00:00:00+02:00');

  test('every period gets both reminders, each when it is due and once', () => {
    for (let month = 1; month <= 12; month += 1) {
      const period = `2026-${String(month).padStart(2, '0')}`;
      const open = year.get(`${period} window_open tenant`);
      const last = year.get(`${period} last_day tenant`);
      expect(open, `${period} window_open`).toBeDefined();
      expect(last, `${period} last_day`).toBeDefined();
      // Seen within the hour it came due (the planner looks every minute; this clock moves by hours).
      expect(open!.at.getTime() - open!.dueAt.getTime()).toBeLessThan(HOUR);
      expect(last!.at.getTime() - last!.dueAt.getTime()).toBeLessThan(HOUR);
      expect(last!.dueAt.getTime()).toBeGreaterThan(open!.dueAt.getTime());
    }
    // Nothing else: two kinds a period, thirteen periods at most (January 2027's may open by the 5th).
    expect([...year.keys()].filter((k) => k.startsWith('2026-')).length).toBe(24);
  });

  test('at the window opening and at 10:00 local of its last day', () => {
    for (const [period, [opens, lastDay]] of Object.entries(samples)) {
      expect(year.get(`${period} window_open tenant`)!.dueAt.toISOString()).toBe(riga(`${opens}T00`));
      expect(year.get(`${period} last_day tenant`)!.dueAt.toISOString()).toBe(riga(`${lastDay}T10`));
    }
  });
});

test('a window the manager moved moves its reminders, for the tenant or for one building', () => {
  const policy: ReminderPolicy = { rule: { kind: 'month_end', lastDays: 2, nextMonthDays: 1 }, timeZone: ZONE, lastDayHour: 9 };
  // May 2026 moved by a week for everyone; June moved for one building only.
  const overrides: ScopedWindowOverride[] = [
    { period: '2026-05', buildingId: null, opensAt: new Date(riga('2026-06-03T00')), closesAt: new Date(riga('2026-06-08T00')) },
    { period: '2026-06', buildingId: 'b-1', opensAt: new Date(riga('2026-07-03T00')), closesAt: new Date(riga('2026-07-06T00')) },
  ];
  const seen = simulate(policy, overrides, '2026-05-20T00:00:00+03:00', '2026-07-10T00:00:00+03:00');
  expect(seen.get('2026-05 window_open tenant')!.dueAt.toISOString()).toBe(riga('2026-06-03T00'));
  expect(seen.get('2026-05 last_day tenant')!.dueAt.toISOString()).toBe(riga('2026-06-07T09'));
  // Not at the rule's old times (30 May).
  expect(seen.get('2026-05 window_open tenant')!.at.getTime()).toBeGreaterThanOrEqual(new Date(riga('2026-06-03T00')).getTime());
  // June: the tenant's rule for everyone else, the building's own window for b-1.
  expect(seen.get('2026-06 window_open tenant')!.dueAt.toISOString()).toBe(riga('2026-06-29T00'));
  expect(seen.get('2026-06 window_open b-1')!.dueAt.toISOString()).toBe(riga('2026-07-03T00'));
  expect(seen.get('2026-06 last_day b-1')!.dueAt.toISOString()).toBe(riga('2026-07-05T09'));
});

test('a planner that comes back on the last day sends the last-day reminder only', () => {
  const policy: ReminderPolicy = { rule: { kind: 'fixed_days', fromDay: 25, toDay: 28 }, timeZone: ZONE, lastDayHour: 10 };
  const due = dueReminders(policy, [], new Date(riga('2026-05-28T11')));
  expect(due.map((r) => `${r.period} ${r.kind}`)).toEqual(['2026-05 last_day']);
  expect(dueReminders(policy, [], new Date(riga('2026-05-29T01')))).toEqual([]);
});

test('the last-day hour is local time across the DST change', () => {
  // Riga moves to summer time on 29 March 2026 at 03:00 → 04:00.
  expect(atLocalHour('2026-03-28', 10, ZONE).toISOString()).toBe('2026-03-28T08:00:00.000Z');
  expect(atLocalHour('2026-03-29', 10, ZONE).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  expect(atLocalHour('2026-03-29', 3, ZONE).toISOString()).toBe('2026-03-29T01:00:00.000Z');
});
