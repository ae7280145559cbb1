/**
 * How a cell of a manager's file is read (server/admin/imports/import-fields.ts): decimal commas,
 * Latvian dates, periods, wall-clock times in the tenant's zone, references — and a stable code
 * for everything that does not read.
 */
import { describe, expect, test } from 'vitest';
import { date, decimal, email, integer, oneOf, period, ref, requiredRef, requiredText, text, timestamp } from '../../server/admin/imports/import-fields.ts';

const value = <T>(cell: { ok: true; value: T } | { ok: false; code: string }) => (cell.ok ? cell.value : `!${cell.code}`);

describe('decimals', () => {
  test('a dot or a comma, leading zeros dropped, empty is not given', () => {
    expect(value(decimal('12,340', 3, 10))).toBe('12.340');
    expect(value(decimal(' 0.5 ', 3, 10))).toBe('0.5');
    expect(value(decimal('007', 3, 10))).toBe('7');
    expect(value(decimal('', 3, 10))).toBeNull();
    expect(value(decimal(undefined, 3, 10))).toBeNull();
  });

  test('refused: separators, exponents, too many decimals, negative, too large', () => {
    expect(value(decimal('1 000', 3, 10))).toBe('!invalid_decimal');
    expect(value(decimal('1.000,5', 3, 10))).toBe('!invalid_decimal');
    expect(value(decimal('1e3', 3, 10))).toBe('!invalid_decimal');
    expect(value(decimal('1,2345', 3, 10))).toBe('!invalid_decimal');
    expect(value(decimal('-1', 3, 10))).toBe('!out_of_range');
    expect(value(decimal('-1,5', 2, 10, -1e10))).toBe('-1.5');
    expect(value(decimal('12345678901', 3, 10))).toBe('!out_of_range');
  });
});

describe('dates, periods and times', () => {
  test('ISO and Latvian dates; impossible days refused', () => {
    expect(value(date('2026-03-14'))).toBe('2026-03-14');
    expect(value(date('14.03.2026'))).toBe('2026-03-14');
    expect(value(date('1.3.2026'))).toBe('2026-03-01');
    expect(value(date('2026-02-30'))).toBe('!invalid_date');
    expect(value(date('03/14/2026'))).toBe('!invalid_date');
  });

  test('periods are YYYY-MM', () => {
    expect(value(period('2026-04'))).toBe('2026-04');
    expect(value(period('2026-13'))).toBe('!invalid_period');
    expect(value(period('2026-4'))).toBe('!invalid_period');
  });

  test('a time with an offset is that instant; without one it is Riga’s wall clock, on both sides of summer time', () => {
    const at = (raw: string) => {
      const cell = timestamp(raw, 'Europe/Riga');
      return cell.ok ? cell.value?.toISOString() : `!${cell.code}`;
    };
    expect(at('2026-05-30T18:40:00+03:00')).toBe('2026-05-30T15:40:00.000Z');
    expect(at('2026-05-30T15:40:00Z')).toBe('2026-05-30T15:40:00.000Z');
    expect(at('2026-05-30 18:40')).toBe('2026-05-30T15:40:00.000Z');
    expect(at('2026-01-15 18:40')).toBe('2026-01-15T16:40:00.000Z');
    expect(at('2026-05-30T25:00')).toBe('!invalid_timestamp');
    expect(at('yesterday')).toBe('!invalid_timestamp');
  });
});

describe('references, text and choices', () => {
  test('references are 1–100 URL-safe characters', () => {
    expect(value(ref('P-001/5:a_b.c'))).toBe('P-001/5:a_b.c');
    expect(value(ref('P 1'))).toBe('!invalid_ref');
    expect(value(ref('x'.repeat(101)))).toBe('!invalid_ref');
    expect(value(requiredRef(' '))).toBe('!required');
  });

  test('text is trimmed and capped; required text must be there', () => {
    expect(value(text('  Rīgas iela 21 ', 200))).toBe('Rīgas iela 21');
    expect(value(text('abc', 2))).toBe('!too_long');
    expect(value(requiredText('', 10))).toBe('!required');
    expect(value(text('a\u0000b', 10))).toBe('!invalid_value');
  });

  test('integers, choices and emails', () => {
    expect(value(integer('3', 0, 6))).toBe(3);
    expect(value(integer('7', 0, 6))).toBe('!out_of_range');
    expect(value(integer('3.0', 0, 6))).toBe('!invalid_integer');
    expect(value(oneOf('hot_water', ['cold_water', 'hot_water'] as const))).toBe('hot_water');
    expect(value(oneOf('steam', ['cold_water', 'hot_water'] as const))).toBe('!invalid_value');
    expect(value(email('anna@example.lv'))).toBe('anna@example.lv');
    expect(value(email('anna@'))).toBe('!invalid_email');
  });
});
