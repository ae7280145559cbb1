import { describe, expect, test } from 'vitest';
import { afterFailure, DEFAULT_LOCKOUT_POLICY, EMPTY_COUNTER, lockedForSeconds } from '../../server/auth/lockout.ts';
import { passwordProblems } from '../../server/auth/password-policy.ts';

const at = (iso: string) => new Date(iso);

describe('lockout rules', () => {
  test('the pair locks on the fifth failure, for one minute', () => {
    let counter = EMPTY_COUNTER;
    for (let i = 0; i < 4; i++) counter = afterFailure(counter, 'email_client', at('2026-01-01T10:00:00Z'));
    expect(lockedForSeconds(counter, at('2026-01-01T10:00:00Z'))).toBe(0);
    counter = afterFailure(counter, 'email_client', at('2026-01-01T10:00:00Z'));
    expect(lockedForSeconds(counter, at('2026-01-01T10:00:00Z'))).toBe(60);
    expect(lockedForSeconds(counter, at('2026-01-01T10:01:00Z'))).toBe(0);
  });

  test('each further lock doubles, up to the cap', () => {
    let counter = EMPTY_COUNTER;
    let now = at('2026-01-01T10:00:00Z').getTime();
    const locks: number[] = [];
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < DEFAULT_LOCKOUT_POLICY.pairMaxFailures; i++) counter = afterFailure(counter, 'email_client', new Date(now));
      const seconds = lockedForSeconds(counter, new Date(now));
      locks.push(seconds);
      now += seconds * 1000 + 1000;
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  test('failures older than the window are forgotten', () => {
    let counter = EMPTY_COUNTER;
    for (let i = 0; i < 4; i++) counter = afterFailure(counter, 'email_client', at('2026-01-01T10:00:00Z'));
    counter = afterFailure(counter, 'email_client', at('2026-01-01T11:30:00Z'));
    expect(counter.failures).toBe(1);
    expect(lockedForSeconds(counter, at('2026-01-01T11:30:00Z'))).toBe(0);
  });

  test('the per-email cap needs more failures than the pair', () => {
    let counter = EMPTY_COUNTER;
    for (let i = 0; i < 19; i++) counter = afterFailure(counter, 'email', at('2026-01-01T10:00:00Z'));
    expect(lockedForSeconds(counter, at('2026-01-01T10:00:00Z'))).toBe(0);
    counter = afterFailure(counter, 'email', at('2026-01-01T10:00:00Z'));
    expect(lockedForSeconds(counter, at('2026-01-01T10:00:00Z'))).toBeGreaterThan(0);
  });
});

describe('password rules', () => {
  test('length is counted in characters people see', () => {
    expect(passwordProblems('ŗūķīšņāēžčļģ')).toEqual([]);
    expect(passwordProblems('😀😁😂🤣😃😄😅😆😉😊😋')).toEqual(['too_short']);
    expect(passwordProblems('a'.repeat(11) + 'b')).toEqual([]);
    expect(passwordProblems('x'.repeat(129))).toEqual(['too_long']);
    expect(passwordProblems('Ab-'.repeat(42) + 'Ab')).toEqual([]);
  });

  test('common passwords and the email are refused, case-insensitively', () => {
    expect(passwordProblems('QWERTY123456')).toEqual(['common']);
    expect(passwordProblems('aaaaaaaaaaaaaa')).toEqual(['common']);
    expect(passwordProblems('my-anna.berzina-pass', 'Anna.Berzina@example.lv')).toEqual(['contains_email']);
    expect(passwordProblems('Vasara-Ogrē-2026', 'anna@example.lv')).toEqual([]);
  });
});
