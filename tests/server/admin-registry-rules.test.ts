/**
 * The registry's rulebook on its own: what counts as a change, the stored text of decimals, the
 * days a meter may be removed on, and when its last reading may be stored.
 */
import { describe, expect, test } from 'vitest';
import {
  areaText,
  changedValues,
  lastReadingRefusal,
  meterChangeRefusal,
  periodOfDay,
  removalRefusal,
  storedQuantityText,
} from '../../server/admin/registry/registry-rules.ts';

describe('changedValues', () => {
  const row = { id: 'x', address: 'Brīvības iela 1', city: 'Ogre' as string | null, decimals: 3 };
  test('only fields sent and different', () => {
    expect(changedValues(row, { address: 'Brīvības iela 1', city: undefined, decimals: 3 })).toEqual({});
    expect(changedValues(row, { address: 'Brīvības iela 2', city: null, decimals: 2 })).toEqual({ address: 'Brīvības iela 2', city: null, decimals: 2 });
  });
});

test('decimals in the text form numeric columns give back', () => {
  expect(areaText('54.3')).toBe('54.30');
  expect(areaText('007')).toBe('7.00');
  expect(areaText('0.05')).toBe('0.05');
  expect(storedQuantityText(0n)).toBe('0.000000');
  expect(storedQuantityText(12_000n)).toBe('0.012000');
  expect(storedQuantityText(123_456_789n)).toBe('123.456789');
});

test('a day belongs to the period of its month', () => {
  expect(periodOfDay('2026-05-31')).toBe('2026-05');
});

test('a meter stays on its premise and stays its kind', () => {
  const meter = { premise_id: 'p1', kind: 'cold_water' as const };
  expect(meterChangeRefusal(meter, { premise_id: 'p1', kind: 'cold_water' })).toBeNull();
  expect(meterChangeRefusal(meter, { premise_id: 'p2', kind: 'cold_water' })).toBe('meter_premise_fixed');
  expect(meterChangeRefusal(meter, { premise_id: 'p1', kind: 'hot_water' })).toBe('meter_kind_fixed');
});

describe('removalRefusal', () => {
  test('today or earlier, not before installation', () => {
    expect(removalRefusal('2026-05-20', '2026-05-20', null)).toBeNull();
    expect(removalRefusal('2026-05-21', '2026-05-20', null)).toBe('date_in_future');
    expect(removalRefusal('2026-01-09', '2026-05-20', '2026-01-10')).toBe('date_before_installation');
    expect(removalRefusal('2026-01-10', '2026-05-20', '2026-01-10')).toBeNull();
  });
});

describe('lastReadingRefusal', () => {
  test('not below the reading before it; equal is fine (no consumption)', () => {
    expect(lastReadingRefusal(20_000_000n, '2026-05', { value: '20.000000' }, '2026-04')).toBeNull();
    expect(lastReadingRefusal(19_999_999n, '2026-05', { value: '20.000000' }, '2026-04')).toBe('reading_below_previous');
    expect(lastReadingRefusal(1n, '2026-05', { value: 2n }, null)).toBe('reading_below_previous');
    expect(lastReadingRefusal(1n, '2026-05', null, null)).toBeNull();
  });
  test('no reading of a later month may exist; the same month may (it gets a new version)', () => {
    expect(lastReadingRefusal(30_000_000n, '2026-05', { value: '20' }, '2026-06')).toBe('readings_after_removal');
    expect(lastReadingRefusal(30_000_000n, '2026-05', { value: '20' }, '2026-05')).toBeNull();
  });
});
