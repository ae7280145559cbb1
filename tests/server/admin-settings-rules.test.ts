/**
 * The settings rule on its own: a change becomes exactly the columns and jsonb keys that differ,
 * other keys of `settings` survive, bank details are stored without empty optional fields, and
 * JSON that differs only in key order is the same.
 */
import { describe, expect, test } from 'vitest';
import { applySettingsChanges, sameJson, storedBank } from '../../server/admin/settings/tenant-settings.ts';

const tenant = {
  slug: 'ogre',
  name: 'Ogre',
  time_zone: 'Europe/Riga',
  allowed_origins: ['https://ogre.lv'],
  reading_window: { nextMonthDays: 1, kind: 'month_end', lastDays: 2 },
  settings: { averagePeriods: 6, plausibilityFactor: 3 },
};

describe('applySettingsChanges', () => {
  test('nothing sent, or only what is stored already: nothing to write', () => {
    expect(applySettingsChanges(tenant, {})).toEqual({ set: {}, changed: [] });
    expect(
      applySettingsChanges(tenant, { name: 'Ogre', timeZone: 'Europe/Riga', allowedOrigins: ['https://ogre.lv'], windowRule: { kind: 'month_end', lastDays: 2, nextMonthDays: 1 }, plausibilityFactor: 3 }),
    ).toEqual({ set: {}, changed: [] });
  });

  test('columns and jsonb keys that differ, the other keys kept', () => {
    const { set, changed } = applySettingsChanges(tenant, { name: 'Ogres Namsaimnieks', verificationReminderDays: 30, allowedOrigins: ['https://ogre.lv', 'https://e.ogre.lv'] });
    expect(changed).toEqual(['name', 'allowedOrigins', 'verificationReminderDays']);
    expect(set).toEqual({
      name: 'Ogres Namsaimnieks',
      allowed_origins: ['https://ogre.lv', 'https://e.ogre.lv'],
      settings: { averagePeriods: 6, plausibilityFactor: 3, verificationReminderDays: 30 },
    });
  });

  test('origins in another order are a change (CORS answers in the stored order)', () => {
    const two = { ...tenant, allowed_origins: ['https://a.lv', 'https://b.lv'] };
    expect(applySettingsChanges(two, { allowedOrigins: ['https://b.lv', 'https://a.lv'] }).changed).toEqual(['allowedOrigins']);
  });

  test('bank details: set, the same again, removed; settings that are not an object start afresh', () => {
    const bank = { recipient: 'Ogre', iban: 'LV80BANK0000435195001', registrationNumber: null, bankName: '', bic: undefined };
    const first = applySettingsChanges(tenant, { bank });
    expect(first.set.settings).toEqual({ averagePeriods: 6, plausibilityFactor: 3, bank: { recipient: 'Ogre', iban: 'LV80BANK0000435195001' } });
    const withBank = { ...tenant, settings: first.set.settings! };
    expect(applySettingsChanges(withBank, { bank }).changed).toEqual([]);
    expect(applySettingsChanges(withBank, { bank: null }).set.settings).toEqual({ averagePeriods: 6, plausibilityFactor: 3 });
    expect(applySettingsChanges(tenant, { bank: null }).changed).toEqual([]);
    expect(applySettingsChanges({ ...tenant, settings: [1, 2] as never }, { plausibilityFactor: 2 }).set.settings).toEqual({ plausibilityFactor: 2 });
  });
});

test('storedBank keeps only the fields that have a value', () => {
  expect(storedBank({ recipient: 'R', iban: 'I', registrationNumber: '4000', bankName: null, bic: '' })).toEqual({ recipient: 'R', iban: 'I', registrationNumber: '4000' });
});

test('sameJson ignores key order and undefined keys, not values or array order', () => {
  expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
  expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
  expect(sameJson(undefined, null)).toBe(false);
});
