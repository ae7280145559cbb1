import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, type CivilDate, formatDate, localDate, offsetAt, startOfDay } from '../../server/readings/civil-time.ts';
import { easterSunday, isWorkingDay, nthWorkingDayFrom, publicHolidays } from '../../server/readings/latvian-calendar.ts';
import {
  readingWindowAt,
  ReadingWindowRuleSchema,
  readRule,
  windowOfPeriod,
  type ReadingWindowRule,
  type WindowOverride,
} from '../../server/readings/window.ts';

const RIGA = 'Europe/Riga';
const OGRE: ReadingWindowRule = { kind: 'month_end', lastDays: 2, nextMonthDays: 1 };
const APSE: ReadingWindowRule = { kind: 'fixed_days', fromDay: 25, toDay: 28 };
const PREILI: ReadingWindowRule = { kind: 'fixed_days', fromDay: 25, toDay: 'last' };
const LATVIJAS_GAZE: ReadingWindowRule = { kind: 'until_working_day', fromDay: 27, workingDay: 1 };

const days = (rule: ReadingWindowRule, period: string) => {
  const w = windowOfPeriod(rule, period, RIGA);
  return `${w.firstDay}..${w.lastDay}`;
};
const months2024 = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);

describe('the four real rules over the leap year 2024', () => {
  test('Ogre: the last two days of the month and the first of the next', () => {
    expect(months2024.map((p) => days(OGRE, p))).toEqual([
      '2024-01-30..2024-02-01',
      '2024-02-28..2024-03-01', // 29 days: 28th and 29th
      '2024-03-30..2024-04-01',
      '2024-04-29..2024-05-01',
      '2024-05-30..2024-06-01',
      '2024-06-29..2024-07-01',
      '2024-07-30..2024-08-01',
      '2024-08-30..2024-09-01',
      '2024-09-29..2024-10-01',
      '2024-10-30..2024-11-01',
      '2024-11-29..2024-12-01',
      '2024-12-30..2025-01-01',
    ]);
    expect(days(OGRE, '2025-02')).toBe('2025-02-27..2025-03-01');
  });

  test('APSE: the 25th to the 28th, February included', () => {
    for (const period of months2024) expect(days(APSE, period)).toBe(`${period}-25..${period}-28`);
  });

  test('Preiļi: the 25th to the end of the month, 28 to 31 days long', () => {
    expect(months2024.map((p) => days(PREILI, p).slice(-2))).toEqual(['31', '29', '31', '30', '31', '30', '31', '31', '30', '31', '30', '31']);
    expect(days(PREILI, '2025-02')).toBe('2025-02-25..2025-02-28');
    expect(days(PREILI, '2100-02')).toBe('2100-02-25..2100-02-28'); // not a leap year
  });

  test('Latvijas Gāze: the 27th to the first working day of the next month', () => {
    expect(months2024.map((p) => days(LATVIJAS_GAZE, p))).toEqual([
      '2024-01-27..2024-02-01',
      '2024-02-27..2024-03-01',
      '2024-03-27..2024-04-02', // 1 April is Easter Monday
      '2024-04-27..2024-05-02', // 1 May
      '2024-05-27..2024-06-03', // 1 June is a Saturday
      '2024-06-27..2024-07-01',
      '2024-07-27..2024-08-01',
      '2024-08-27..2024-09-02',
      '2024-09-27..2024-10-01',
      '2024-10-27..2024-11-01',
      '2024-11-27..2024-12-02',
      '2024-12-27..2025-01-02', // 1 January
    ]);
  });

  test('the first working day across 1 January with a moved day off, and across 1 and 4 May', () => {
    // 1 Jan 2026 is a Thursday; Friday 2 January was moved to Saturday 17 January.
    expect(days(LATVIJAS_GAZE, '2025-12')).toBe('2025-12-27..2026-01-05');
    // 1 May 2026 (Friday), the weekend, then 4 May (Monday).
    expect(days(LATVIJAS_GAZE, '2026-04')).toBe('2026-04-27..2026-05-05');
    // 2025: 1 May Thursday, 2 May moved off, weekend, 4 May on a Sunday gives Monday the 5th off.
    expect(days(LATVIJAS_GAZE, '2025-04')).toBe('2025-04-27..2025-05-06');
  });
});

describe('daylight saving time inside a window', () => {
  test('the spring change makes 30.03.2024–01.04.2024 one hour short', () => {
    const w = windowOfPeriod(OGRE, '2024-03', RIGA);
    expect(w.opensAt.toISOString()).toBe('2024-03-29T22:00:00.000Z'); // 00:00 EET
    expect(w.closesAt.toISOString()).toBe('2024-04-01T21:00:00.000Z'); // 24:00 EEST
    expect((w.closesAt.getTime() - w.opensAt.getTime()) / 3_600_000).toBe(71);
    expect(readingWindowAt(OGRE, new Date('2024-03-31T00:30:00Z'), RIGA)).toMatchObject({ open: true, period: '2024-03' });
    expect(readingWindowAt(OGRE, new Date('2024-04-01T20:59:59Z'), RIGA).open).toBe(true);
    expect(readingWindowAt(OGRE, new Date('2024-04-01T21:00:00Z'), RIGA)).toMatchObject({ open: false, period: '2024-04' });
  });

  test('the autumn change makes APSE 25.10.2026–28.10.2026 one hour long', () => {
    const w = windowOfPeriod(APSE, '2026-10', RIGA);
    expect(w.opensAt.toISOString()).toBe('2026-10-24T21:00:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-10-28T22:00:00.000Z');
    expect((w.closesAt.getTime() - w.opensAt.getTime()) / 3_600_000).toBe(97);
  });

  test('a day whose midnight is skipped begins at the change', () => {
    // Chile moves its clocks at 24:00, so 8 September 2024 began at 01:00 local time.
    expect(startOfDay({ year: 2024, month: 9, day: 8 }, 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(startOfDay({ year: 2024, month: 9, day: 7 }, 'America/Santiago').toISOString()).toBe('2024-09-07T04:00:00.000Z');
  });
});

describe('open now, which period, when', () => {
  test('the real example: May 2026 at Ogre', () => {
    const before = readingWindowAt(OGRE, new Date('2026-05-20T09:00:00Z'), RIGA);
    expect(before).toMatchObject({ open: false, period: '2026-05', firstDay: '2026-05-30', lastDay: '2026-06-01' });
    expect(before.opensAt.toISOString()).toBe('2026-05-29T21:00:00.000Z');
    expect(before.closesAt.toISOString()).toBe('2026-06-01T21:00:00.000Z');
    expect(readingWindowAt(OGRE, new Date('2026-05-29T21:00:00Z'), RIGA)).toMatchObject({ open: true, period: '2026-05' });
    // On 1 June the reading still belongs to May.
    expect(readingWindowAt(OGRE, new Date('2026-06-01T20:59:59Z'), RIGA)).toMatchObject({ open: true, period: '2026-05' });
    expect(readingWindowAt(OGRE, new Date('2026-06-01T21:00:00Z'), RIGA)).toMatchObject({ open: false, period: '2026-06', firstDay: '2026-06-29' });
  });

  test('Latvijas Gāze in the New Year: still December on Saturday 3 January 2026', () => {
    expect(readingWindowAt(LATVIJAS_GAZE, new Date('2026-01-03T10:00:00Z'), RIGA)).toMatchObject({ open: true, period: '2025-12', lastDay: '2026-01-05' });
  });

  test('every hour of 2024, for every rule, the answer is consistent', () => {
    for (const rule of [OGRE, APSE, PREILI, LATVIJAS_GAZE]) {
      let previousPeriod = '';
      for (let at = Date.parse('2024-01-01T00:00:00Z'); at < Date.parse('2025-01-01T00:00:00Z'); at += 3_600_000) {
        const now = new Date(at);
        const state = readingWindowAt(rule, now, RIGA);
        if (state.open) {
          expect(state.opensAt.getTime()).toBeLessThanOrEqual(at);
          expect(state.closesAt.getTime()).toBeGreaterThan(at);
        } else {
          expect(state.opensAt.getTime()).toBeGreaterThan(at);
        }
        // A window belongs to the month it starts in, and periods never go backwards.
        expect(state.firstDay.slice(0, 7)).toBe(state.period);
        expect(state.period >= previousPeriod).toBe(true);
        previousPeriod = state.period;
      }
    }
  });
});

describe('a manager extends one period by hand', () => {
  const extended: WindowOverride[] = [
    { period: '2026-05', opensAt: new Date('2026-05-29T21:00:00Z'), closesAt: new Date('2026-06-07T21:00:00Z') },
  ];

  test('the override replaces the rule for that period only', () => {
    expect(readingWindowAt(OGRE, new Date('2026-06-05T09:00:00Z'), RIGA, extended)).toMatchObject({
      open: true,
      period: '2026-05',
      lastDay: '2026-06-07',
      source: 'override',
    });
    expect(readingWindowAt(OGRE, new Date('2026-06-05T09:00:00Z'), RIGA)).toMatchObject({ open: false, period: '2026-06' });
    expect(windowOfPeriod(OGRE, '2026-06', RIGA, extended).source).toBe('rule');
  });

  test('when overrides overlap the next window, the later period wins', () => {
    const long: WindowOverride[] = [{ period: '2026-05', opensAt: new Date('2026-05-29T21:00:00Z'), closesAt: new Date('2026-07-05T21:00:00Z') }];
    expect(readingWindowAt(OGRE, new Date('2026-06-29T09:00:00Z'), RIGA, long)).toMatchObject({ open: true, period: '2026-06' });
    expect(readingWindowAt(OGRE, new Date('2026-06-20T09:00:00Z'), RIGA, long)).toMatchObject({ open: true, period: '2026-05' });
  });

  test('a far-off override for a later period is announced as the next window', () => {
    const early: WindowOverride[] = [{ period: '2026-06', opensAt: new Date('2026-06-10T21:00:00Z'), closesAt: new Date('2026-06-12T21:00:00Z') }];
    expect(readingWindowAt(OGRE, new Date('2026-06-03T09:00:00Z'), RIGA, early)).toMatchObject({ open: false, period: '2026-06', firstDay: '2026-06-11' });
  });
});

describe('the rule type', () => {
  test('accepts the four real rules and the stored seed shapes', () => {
    for (const rule of [OGRE, APSE, PREILI, LATVIJAS_GAZE]) expect(ReadingWindowRuleSchema.parse(rule)).toEqual(rule);
    expect(ReadingWindowRuleSchema.parse({ kind: 'until_working_day', fromDay: 27 })).toEqual(LATVIJAS_GAZE);
  });

  test.each([
    [{ kind: 'fixed_days', fromDay: 28, toDay: 25 }],
    [{ kind: 'month_end', lastDays: 0, nextMonthDays: 0 }],
    [{ kind: 'month_end', lastDays: 2 }],
    [{ kind: 'month_end', lastDays: 2, nextMonthDays: 1, extra: true }],
    [{ kind: 'fixed_days', fromDay: 0, toDay: 5 }],
    [{ kind: 'weekly' }],
    ['month_end'],
    [null],
  ])('refuses %j, and the tenant then gets the default rule', (stored) => {
    expect(ReadingWindowRuleSchema.safeParse(stored).success).toBe(false);
    expect(readRule(stored)).toEqual({ rule: OGRE, valid: false });
  });

  test('a short month clamps days beyond its end', () => {
    expect(days({ kind: 'fixed_days', fromDay: 30, toDay: 31 }, '2023-02')).toBe('2023-02-28..2023-02-28');
    expect(days({ kind: 'month_end', lastDays: 0, nextMonthDays: 3 }, '2024-12')).toBe('2025-01-01..2025-01-03');
  });
});

describe('the Latvian calendar', () => {
  test('Easter Sunday', () => {
    const easter = (y: number) => formatDate(easterSunday(y));
    expect([2000, 2024, 2025, 2026, 2027, 2038, 2285].map(easter)).toEqual([
      '2000-04-23',
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
      '2285-03-22',
    ]);
  });

  test('holidays of 2026, including Good Friday and Easter Monday', () => {
    expect([...publicHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-04',
      '2026-06-23',
      '2026-06-24',
      '2026-11-18',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-31',
    ]);
  });

  test('4 May and 18 November on a weekend give the next Monday off', () => {
    expect(publicHolidays(2025).has('2025-05-05')).toBe(true); // 4 May 2025 is a Sunday
    expect(publicHolidays(2023).has('2023-11-20')).toBe(true); // 18 Nov 2023 is a Saturday
    expect(publicHolidays(2026).has('2026-05-05')).toBe(false);
  });

  test('moved working days: the day off rests, the Saturday is worked', () => {
    const d = (text: string): CivilDate => ({ year: +text.slice(0, 4), month: +text.slice(5, 7), day: +text.slice(8, 10) });
    expect(isWorkingDay(d('2026-01-02'))).toBe(false);
    expect(isWorkingDay(d('2026-01-17'))).toBe(true);
    expect(isWorkingDay(d('2026-01-10'))).toBe(false);
    expect(isWorkingDay(d('2023-05-29'))).toBe(false); // the hockey bronze
    // The fifth working day of May 2025 is the worked Saturday, the 10th.
    expect(formatDate(nthWorkingDayFrom(d('2025-05-01'), 5))).toBe('2025-05-10');
  });

  test('local dates in Riga around midnight', () => {
    expect(formatDate(localDate(new Date('2026-05-29T20:59:59Z'), RIGA))).toBe('2026-05-29');
    expect(formatDate(localDate(new Date('2026-05-29T21:00:00Z'), RIGA))).toBe('2026-05-30');
    expect(formatDate(addDays({ year: 2024, month: 2, day: 28 }, 1))).toBe('2024-02-29');
  });
});

describe('local time from the cached zone offsets agrees with Intl', () => {
  const zones = ['Europe/Riga', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
  const formatterOf = (zone: string) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  const formatters = new Map(zones.map((zone) => [zone, formatterOf(zone)]));
  const wallClock = (instant: number, zone: string) => {
    const p = Object.fromEntries(formatters.get(zone)!.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
    return { date: { year: p.year, month: p.month, day: p.day }, asUtc: Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) };
  };
  const viaIntl = (instant: number, zone: string) => wallClock(instant, zone).date;
  const offsetViaIntl = (instant: number, zone: string) => wallClock(instant, zone).asUtc - Math.floor(instant / 1000) * 1000;

  test('at random instants in 1990–2060', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), (zone, instant) => {
        expect(localDate(new Date(instant), zone)).toEqual(viaIntl(instant, zone));
        expect(offsetAt(instant, zone)).toBe(offsetViaIntl(instant, zone));
      }),
      { numRuns: 3000 },
    );
  });

  test('second by second around every transition of 2024 and 2025', () => {
    for (const zone of zones) {
      // A transition shows as a change of offset between two instants an hour apart; walk the years.
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += 3_600_000) {
        if (offsetAt(t, zone) === offsetAt(t + 3_600_000, zone)) continue;
        for (let s = t - 600_000; s <= t + 4_200_000; s += 1000) {
          expect(offsetAt(s, zone), `${zone} ${new Date(s).toISOString()}`).toBe(offsetViaIntl(s, zone));
        }
      }
    }
  });

  test('around historical transitions at odd moments (mean solar time offsets such as +0:19:32)', () => {
    let checked = 0;
    for (const zone of ['Europe/Amsterdam', 'Europe/Dublin']) {
      formatters.set(zone, formatterOf(zone));
      for (let day = Date.UTC(1916, 0, 1); day < Date.UTC(1941, 0, 1); day += 86_400_000) {
        if (offsetViaIntl(day, zone) === offsetViaIntl(day + 86_400_000, zone)) continue;
        let [low, high] = [day, day + 86_400_000];
        while (high - low > 1000) {
          const middle = low + Math.floor((high - low) / 2000) * 1000;
          if (offsetViaIntl(middle, zone) === offsetViaIntl(low, zone)) low = middle;
          else high = middle;
        }
        for (let s = high - 960_000; s <= high + 960_000; s += 1000) {
          expect(offsetAt(s, zone), `${zone} ${new Date(s).toISOString()}`).toBe(offsetViaIntl(s, zone));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
