import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkPlausibility, type PlausibilityInput } from '../../server/readings/plausibility.ts';
import { readingSettings } from '../../server/readings/reading-settings.ts';
import { formatQuantity, parseReadingValue, toQuantity } from '../../server/readings/reading-value.ts';
import { isRemoved, verificationStatus } from '../../server/readings/verification.ts';

describe('parsing what the resident typed', () => {
  test.each([
    ['123,456', 3, '123.456'],
    ['123.456', 3, '123.456'],
    ['00123,4', 3, '123.400'],
    [' 1 234,5 ', 3, '1234.500'],
    ['1\u00a0234.5', 3, '1234.500'],
    [',5', 3, '0.500'],
    ['12.', 3, '12.000'],
    ['12,3400', 3, '12.340'],
    ['0', 3, '0.000'],
    ['+7', 3, '7.000'],
    ['42', 0, '42'],
    ['42,0', 0, '42'],
    [12.5, 3, '12.500'],
    ['9999999999,999', 3, '9999999999.999'],
  ])('%j on a meter with %i decimals is %s', (input, decimals, expected) => {
    expect(parseReadingValue(input, decimals)).toMatchObject({ ok: true, value: expected });
  });

  test.each([
    ['', 'reading_value_required'],
    ['   ', 'reading_value_required'],
    [null, 'reading_value_required'],
    [undefined, 'reading_value_required'],
    ['12,3456', 'reading_value_too_many_decimals'],
    ['12,5', 'reading_value_too_many_decimals', 0],
    ['1.234,5', 'reading_value_invalid'],
    ['12,3,4', 'reading_value_invalid'],
    ['abc', 'reading_value_invalid'],
    ['1e3', 'reading_value_invalid'],
    ['0x10', 'reading_value_invalid'],
    ['.', 'reading_value_invalid'],
    ['-', 'reading_value_invalid'],
    ['-5', 'reading_value_negative'],
    [-5, 'reading_value_negative'],
    ['12345678901', 'reading_value_too_large'],
    ['1'.repeat(200), 'reading_value_too_large'],
    [1e300, 'reading_value_too_large'],
    [Number.NaN, 'reading_value_invalid'],
    [Number.POSITIVE_INFINITY, 'reading_value_invalid'],
    [0.1 + 0.2, 'reading_value_too_many_decimals'],
    [{ value: 1 }, 'reading_value_invalid'],
    [[1], 'reading_value_invalid'],
    [true, 'reading_value_invalid'],
  ])('%j is refused with %s', (input, error, decimals = 3) => {
    expect(parseReadingValue(input, decimals)).toEqual({ ok: false, error });
  });

  test('no input of any type throws, and every accepted value is a clean decimal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.string({ unit: 'binary' }), fc.double()), fc.integer({ min: 0, max: 6 }), (input, decimals) => {
        const result = parseReadingValue(input, decimals);
        if (result.ok) {
          expect(result.value).toMatch(decimals > 0 ? new RegExp(`^\\d{1,10}\\.\\d{${decimals}}$`) : /^\d{1,10}$/);
          expect(toQuantity(result.value)).toBe(result.quantity);
        } else {
          expect(result.error).toMatch(/^reading_value_/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('strings made of digits, separators and spaces never throw either', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 .,+\-\u00a0]{0,30}$/), (input) => {
        expect(() => parseReadingValue(input, 3)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  test('any value written the ways residents write it reads back as the same number', () => {
    const typed = fc.record({
      integer: fc.bigInt({ min: 0n, max: 9_999_999_999n }),
      fraction: fc.stringMatching(/^[0-9]{0,3}$/),
      zeros: fc.integer({ min: 0, max: 4 }),
      separator: fc.constantFrom(',', '.'),
      spaceBefore: fc.constantFrom('', ' ', '  '),
      spaceAfter: fc.constantFrom('', ' ', '\u00a0'),
    });
    fc.assert(
      fc.property(typed, ({ integer, fraction, zeros, separator, spaceBefore, spaceAfter }) => {
        const text = `${spaceBefore}${'0'.repeat(zeros)}${integer}${fraction ? separator + fraction : ''}${spaceAfter}`;
        const result = parseReadingValue(text, 3);
        const expected = integer * 1_000_000n + BigInt((fraction || '0').padEnd(6, '0'));
        expect(result).toEqual({ ok: true, value: formatQuantity(expected, 3), quantity: expected });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('exact arithmetic on meter values', () => {
  test('database strings and rounding', () => {
    expect(toQuantity('123.450000')).toBe(123_450_000n);
    expect(formatQuantity(toQuantity('123.450000'), 3)).toBe('123.450');
    expect(formatQuantity(1_234_567n, 3)).toBe('1.235');
    expect(formatQuantity(-500n, 3)).toBe('-0.001');
    expect(formatQuantity(0n, 0)).toBe('0');
  });
});

const q = (text: string) => toQuantity(text);
const monthly = (from: number, periods: string[], step: number) => periods.map((period, i) => ({ period, value: q(String(from + i * step)) }));
const PERIODS = ['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];

function plausible(value: string, extra: Partial<PlausibilityInput> = {}) {
  return checkPlausibility({
    value: q(value),
    period: '2026-05',
    earlier: monthly(100, PERIODS, 4), // 4 m³ a month, last reading 144
    start: null,
    factor: 3,
    averagePeriods: 12,
    floor: q('1'),
    ...extra,
  });
}

describe('plausibility', () => {
  test('an ordinary month is accepted with its consumption', () => {
    expect(plausible('148.5')).toMatchObject({ verdict: 'accepted', consumption: q('4.5'), average: q('4'), limit: q('12') });
  });

  test('the same value as last month is zero consumption, and fine', () => {
    expect(plausible('144')).toMatchObject({ verdict: 'accepted', consumption: 0n });
  });

  test('below the previous reading is refused', () => {
    expect(plausible('143.999')).toMatchObject({ verdict: 'below_previous', previous: { period: '2026-04', value: q('144') } });
  });

  test('more than three times the average needs confirmation, with the figures', () => {
    expect(plausible('156')).toMatchObject({ verdict: 'accepted' });
    expect(plausible('156.001')).toMatchObject({ verdict: 'confirmation_required', consumption: q('12.001'), average: q('4'), limit: q('12') });
  });

  test('a tenant may set another factor', () => {
    expect(plausible('153', { factor: 2 })).toMatchObject({ verdict: 'confirmation_required', limit: q('8') });
  });

  test('months without a reading scale the limit', () => {
    const earlier = monthly(100, PERIODS.slice(0, 10), 4); // last reading 2026-02 at 136
    expect(plausible('170', { earlier })).toMatchObject({ verdict: 'accepted', consumption: q('34') }); // 3 months: limit 36
    expect(plausible('173', { earlier })).toMatchObject({ verdict: 'confirmation_required', months: 3 });
  });

  test('a new meter with no history is judged against the floor', () => {
    const start = { value: 0n, period: '2026-04' };
    expect(plausible('2.5', { earlier: [], start, floor: q('5') })).toMatchObject({ verdict: 'accepted', consumption: q('2.5'), average: null });
    expect(plausible('15.5', { earlier: [], start, floor: q('5') })).toMatchObject({ verdict: 'confirmation_required', limit: q('15') });
  });

  test('a replaced meter starts again from its initial value, not from the old meter', () => {
    // The new meter's own history is empty: its start is what counts.
    expect(plausible('3', { earlier: [], start: { value: q('1'), period: '2026-05' } })).toMatchObject({ verdict: 'accepted', consumption: q('2') });
    expect(plausible('0.5', { earlier: [], start: { value: q('1'), period: '2026-05' } })).toMatchObject({
      verdict: 'below_previous',
      previous: { period: null, value: q('1') },
    });
  });

  test('a meter whose start is unknown takes its first reading as it is', () => {
    expect(plausible('12345', { earlier: [], start: null })).toEqual({ verdict: 'accepted', consumption: null, previous: null, average: null, limit: null });
  });

  test('an almost idle meter is not questioned for an ordinary month', () => {
    const idle = monthly(100, PERIODS, 0.1);
    expect(plausible('102.5', { earlier: idle, floor: q('1') })).toMatchObject({ verdict: 'accepted' });
  });
});

describe('verification and removal', () => {
  const today = { year: 2026, month: 5, day: 20 };
  test.each([
    [null, 'unknown'],
    ['not a date', 'unknown'],
    ['2026-05-19', 'expired'],
    ['2026-05-20', 'due_soon'],
    ['2026-07-19', 'due_soon'],
    ['2026-07-20', 'valid'],
  ])('due %s → %s', (due, status) => {
    expect(verificationStatus(due, today, 60)).toBe(status);
  });

  test('removed on or before today', () => {
    expect(isRemoved(null, today)).toBe(false);
    expect(isRemoved('2026-05-20', today)).toBe(true);
    expect(isRemoved('2026-05-21', today)).toBe(false);
  });
});

describe('tenant reading settings', () => {
  test('defaults, overrides, and a bad value falls back on its own', () => {
    const defaults = readingSettings({});
    expect([defaults.plausibilityFactor, defaults.averagePeriods, defaults.verificationReminderDays]).toEqual([3, 12, 60]);
    expect(defaults.floorFor('cold_water')).toBe(q('5'));
    const custom = readingSettings({ bank: {}, plausibilityFactor: 2.5, verificationReminderDays: 'soon', minimumMonthlyAverage: { cold_water: '8', hot_water: 'x' } });
    expect([custom.plausibilityFactor, custom.verificationReminderDays]).toEqual([2.5, 60]);
    expect(custom.floorFor('cold_water')).toBe(q('8'));
    expect(custom.floorFor('hot_water')).toBe(q('3'));
    expect(readingSettings(null).averagePeriods).toBe(12);
    expect(readingSettings(['x']).averagePeriods).toBe(12);
    expect(readingSettings({ averagePeriods: 0.5 }).averagePeriods).toBe(12);
  });
});
